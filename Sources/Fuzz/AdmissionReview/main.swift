import LibFuzzerDriver

// A closure, not the @_cdecl function itself: referring to that as a C pointer would emit its C
// symbol a second time in this file.
runLibFuzzer { data, size in fuzzAdmissionReview(data, size) }
