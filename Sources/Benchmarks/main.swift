print("this executable is being built; see the README")
