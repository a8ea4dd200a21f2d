// A minimal Go net/http validating webhook for comparison with midonet-webhook's /validate
// (scripts/bench-validate.sh): it decodes the same AdmissionReview into typed structs and answers
// allowed with the request's uid, over TLS with the same certificate. Standard library only.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
)

type servicePort struct {
	Name       string      `json:"name"`
	Protocol   string      `json:"protocol"`
	Port       int32       `json:"port"`
	TargetPort interface{} `json:"targetPort"`
}

type service struct {
	Metadata struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
	Spec struct {
		Type        string        `json:"type"`
		ClusterIP   string        `json:"clusterIP"`
		ClusterIPs  []string      `json:"clusterIPs"`
		ExternalIPs []string      `json:"externalIPs"`
		Ports       []servicePort `json:"ports"`
	} `json:"spec"`
}

type review struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Request    *struct {
		UID       string   `json:"uid"`
		Operation string   `json:"operation"`
		Object    *service `json:"object"`
		OldObject *service `json:"oldObject"`
	} `json:"request"`
}

func main() {
	listen := flag.String("listen", "127.0.0.1:18445", "address")
	cert := flag.String("cert", "", "certificate")
	key := flag.String("key", "", "key")
	flag.Parse()
	http.HandleFunc("/validate", func(w http.ResponseWriter, r *http.Request) {
		var in review
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Request == nil {
			http.Error(w, "bad review", http.StatusBadRequest)
			return
		}
		out := map[string]interface{}{
			"apiVersion": in.APIVersion, "kind": "AdmissionReview",
			"response": map[string]interface{}{"uid": in.Request.UID, "allowed": true},
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	log.Fatal(http.ListenAndServeTLS(*listen, *cert, *key, nil))
}
