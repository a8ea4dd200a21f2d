"""A deterministic stream of audit EventLists over a small cluster (nodes, Services, Endpoints),
and the cluster state they leave behind (what `translate` turns into the desired topology)."""
import json
import random
import uuid

HOSTS = {f"worker-{i}": str(uuid.UUID(int=0x5B1D6C2E0F4A4D8E9A513C0C1E7D2A00 + i)) for i in range(1, 4)}


class Cluster:
    def __init__(self, seed, services=12):
        self.rng = random.Random(seed)
        self.rv = 100
        self.objects = {}  # (kind, ns, name) -> object
        self.max_services = services
        self.serial = 0
        self.audit_seq = 0
        self.seed = seed

    def _rv(self):
        self.rv += 1
        return str(self.rv)

    def _event(self, verb, resource, ns, name, obj, rv):
        self.audit_seq += 1
        ref = {"resource": resource, "name": name, "apiVersion": "v1", "resourceVersion": rv}
        if ns:
            ref["namespace"] = ns
        ev = {"level": "RequestResponse", "auditID": str(uuid.UUID(int=(self.seed << 64) + self.audit_seq)),
              "stage": "ResponseComplete", "verb": verb, "objectRef": ref,
              "responseStatus": {"metadata": {}, "code": 201 if verb == "create" else 200},
              "requestReceivedTimestamp": "2024-01-01T00:00:00.000000Z", "stageTimestamp": "2024-01-01T00:00:00.100000Z"}
        if obj is not None:
            ev["responseObject"] = obj
        else:
            ev["responseObject"] = {"kind": "Status", "apiVersion": "v1", "status": "Success", "metadata": {}}
        return ev

    def node(self, i):
        name = f"worker-{i}"
        rv = self._rv()
        obj = {"apiVersion": "v1", "kind": "Node",
               "metadata": {"name": name, "resourceVersion": rv, "uid": str(uuid.uuid5(uuid.NAMESPACE_DNS, name)),
                            "annotations": {"midonet.org/host-id": HOSTS[name]}},
               "spec": {"podCIDR": f"10.1.{i}.0/24", "podCIDRs": [f"10.1.{i}.0/24"]},
               "status": {"addresses": [{"type": "InternalIP", "address": f"192.168.10.{10 + i}"}]}}
        self.objects[("Node", "", name)] = obj
        return self._event("create", "nodes", None, name, obj, rv)

    def service_pair(self, name, verb="create"):
        """A Service and its Endpoints (create or update), as two events."""
        idx = int(name.split("-")[1])
        ports = [{"name": "http", "port": 80 + self.rng.randrange(3), "protocol": "TCP", "targetPort": 8080}]
        if self.rng.random() < 0.5:
            ports.append({"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 5353})
        rv = self._rv()
        ip = f"10.96.{idx // 200}.{idx % 200 + 10}"
        svc = {"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "namespace": "default", "resourceVersion": rv, "uid": str(uuid.uuid5(uuid.NAMESPACE_DNS, name))},
               "spec": {"type": "ClusterIP", "clusterIP": ip, "clusterIPs": [ip], "ports": ports}}
        self.objects[("Service", "default", name)] = svc
        events = [self._event(verb, "services", "default", name, svc, rv)]
        n = self.rng.randrange(1, 4)
        addresses = [{"ip": f"10.1.{self.rng.randrange(1, 4)}.{self.rng.randrange(10, 250)}"} for _ in range(n)]
        eports = [{"name": p["name"], "port": p["targetPort"], "protocol": p["protocol"]} for p in ports]
        erv = self._rv()
        eps = {"apiVersion": "v1", "kind": "Endpoints",
               "metadata": {"name": name, "namespace": "default", "resourceVersion": erv, "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, name))},
               "subsets": [{"addresses": addresses, "ports": eports}]}
        self.objects[("Endpoints", "default", name)] = eps
        events.append(self._event(verb if verb == "update" and ("Endpoints", "default", name) in self.objects else "create",
                                  "endpoints", "default", name, eps, erv))
        return events

    def delete_service(self, name):
        events = []
        for kind, resource in (("Endpoints", "endpoints"), ("Service", "services")):
            self.objects.pop((kind, "default", name), None)
            events.append(self._event("delete", resource, "default", name, None, self._rv()))
        return events

    def bootstrap_batch(self):
        return [self.node(i) for i in range(1, 4)]

    def next_batch(self, size=3):
        """A few random changes: create, update or delete Services with their Endpoints."""
        events = []
        names = sorted({k[2] for k in self.objects if k[0] == "Service"})
        for _ in range(size):
            r = self.rng.random()
            if names and (r < 0.25 or len(names) >= self.max_services):
                name = self.rng.choice(names)
                if self.rng.random() < 0.5:
                    events += self.delete_service(name)
                    names.remove(name)
                else:
                    events += self.service_pair(name, "update")
            else:
                self.serial += 1
                name = f"svc-{self.serial}"
                events += self.service_pair(name)
                names.append(name)
        return events

    def state(self):
        return list(self.objects.values())


def event_list(events):
    return json.dumps({"kind": "EventList", "apiVersion": "audit.k8s.io/v1", "metadata": {}, "items": events},
                      separators=(",", ":")).encode()
