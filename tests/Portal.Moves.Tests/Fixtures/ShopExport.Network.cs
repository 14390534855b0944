using System.Text.Json.Nodes;
using Portal.Moves.Tests.Support;

namespace Portal.Moves.Tests.Fixtures;

public static partial class ShopExport
{
    public static JsonObject WebService() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "creationTimestamp": "2025-03-02T10:15:00Z", "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web", "namespace": "shop", "resourceVersion": "183980", "uid": "0a1b2c3d-9999-43e4-b566-91a2b3c4d5e6" },
          "spec": {
            "clusterIP": "10.96.12.34",
            "clusterIPs": [ "10.96.12.34" ],
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": [ "IPv4" ],
            "ipFamilyPolicy": "SingleStack",
            "ports": [ { "name": "http", "port": 80, "protocol": "TCP", "targetPort": "http" } ],
            "selector": { "app.kubernetes.io/name": "web" },
            "sessionAffinity": "None",
            "type": "ClusterIP"
          },
          "status": { "loadBalancer": {} }
        }
        """);

    public static JsonObject DbHeadless() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "creationTimestamp": "2025-03-02T10:16:00Z", "labels": { "app.kubernetes.io/instance": "shop" }, "name": "db-headless", "namespace": "shop", "resourceVersion": "183990", "uid": "1b2c3d4e-aaaa-44f5-c677-a2b3c4d5e6f7" },
          "spec": {
            "clusterIP": "None",
            "clusterIPs": [ "None" ],
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": [ "IPv4" ],
            "ipFamilyPolicy": "SingleStack",
            "ports": [ { "name": "postgres", "port": 5432, "protocol": "TCP", "targetPort": 5432 } ],
            "publishNotReadyAddresses": true,
            "selector": { "app.kubernetes.io/name": "db" },
            "sessionAffinity": "None",
            "type": "ClusterIP"
          },
          "status": { "loadBalancer": {} }
        }
        """);

    public static JsonObject WebNodePort() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "creationTimestamp": "2025-03-02T10:15:00Z", "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web-nodeport", "namespace": "shop", "resourceVersion": "183981", "uid": "2c3d4e5f-bbbb-4506-d788-b3c4d5e6f708" },
          "spec": {
            "clusterIP": "10.96.40.7",
            "clusterIPs": [ "10.96.40.7" ],
            "externalTrafficPolicy": "Cluster",
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": [ "IPv4" ],
            "ipFamilyPolicy": "SingleStack",
            "ports": [ { "name": "http", "nodePort": 30080, "port": 80, "protocol": "TCP", "targetPort": "http" } ],
            "selector": { "app.kubernetes.io/name": "web" },
            "sessionAffinity": "None",
            "type": "NodePort"
          },
          "status": { "loadBalancer": {} }
        }
        """);

    public static JsonObject WebPublic() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": {
            "annotations": { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
            "creationTimestamp": "2025-03-02T10:15:00Z", "finalizers": [ "service.kubernetes.io/load-balancer-cleanup" ],
            "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web-public", "namespace": "shop", "resourceVersion": "184230", "uid": "3d4e5f60-cccc-4617-e899-c4d5e6f70819"
          },
          "spec": {
            "allocateLoadBalancerNodePorts": true,
            "clusterIP": "10.96.77.201",
            "clusterIPs": [ "10.96.77.201" ],
            "externalTrafficPolicy": "Local",
            "healthCheckNodePort": 31555,
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": [ "IPv4" ],
            "ipFamilyPolicy": "SingleStack",
            "ports": [
              { "name": "http", "nodePort": 31080, "port": 80, "protocol": "TCP", "targetPort": "http" },
              { "name": "https", "nodePort": 31443, "port": 443, "protocol": "TCP", "targetPort": 8443 }
            ],
            "selector": { "app.kubernetes.io/name": "web" },
            "sessionAffinity": "None",
            "type": "LoadBalancer"
          },
          "status": { "loadBalancer": { "ingress": [ { "hostname": "a1b2c3-123456.elb.us-east-1.amazonaws.com", "ipMode": "VIP" } ] } }
        }
        """);

    public static JsonObject LegacyDb() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "creationTimestamp": "2025-03-02T10:16:00Z", "name": "legacy-db", "namespace": "shop", "resourceVersion": "183991", "uid": "4e5f6071-dddd-4728-f9aa-d5e6f708192a" },
          "spec": { "externalName": "db-headless.shop.svc.cluster.local", "sessionAffinity": "None", "type": "ExternalName" },
          "status": { "loadBalancer": {} }
        }
        """);

    public static JsonObject WebEndpoints() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Endpoints",
          "metadata": {
            "annotations": { "endpoints.kubernetes.io/last-change-trigger-time": "2025-03-02T10:17:03Z" },
            "creationTimestamp": "2025-03-02T10:15:00Z", "labels": { "app.kubernetes.io/instance": "shop" },
            "name": "web", "namespace": "shop", "resourceVersion": "184050", "uid": "5f607182-eeee-4839-0abb-e6f708192a3b"
          },
          "subsets": [ {
            "addresses": [ { "ip": "10.244.1.17", "nodeName": "ip-10-0-1-23.ec2.internal", "targetRef": { "kind": "Pod", "name": "web-7d4b9c6f5-x2x7k", "namespace": "shop", "uid": "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d" } } ],
            "ports": [ { "name": "http", "port": 8080, "protocol": "TCP" } ]
          } ]
        }
        """);

    public static JsonObject WebEndpointSlice() => Json.Parse("""
        {
          "apiVersion": "discovery.k8s.io/v1",
          "kind": "EndpointSlice",
          "metadata": {
            "creationTimestamp": "2025-03-02T10:15:00Z", "generateName": "web-",
            "labels": { "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io", "kubernetes.io/service-name": "web" },
            "name": "web-8xq2m", "namespace": "shop",
            "ownerReferences": [ { "apiVersion": "v1", "blockOwnerDeletion": true, "controller": true, "kind": "Service", "name": "web", "uid": "0a1b2c3d-9999-43e4-b566-91a2b3c4d5e6" } ],
            "resourceVersion": "184051", "uid": "60718293-ffff-494a-1bcc-f708192a3b4c"
          },
          "addressType": "IPv4",
          "endpoints": [ { "addresses": [ "10.244.1.17" ], "conditions": { "ready": true, "serving": true, "terminating": false }, "nodeName": "ip-10-0-1-23.ec2.internal" } ],
          "ports": [ { "name": "http", "port": 8080, "protocol": "TCP" } ]
        }
        """);

    public static JsonObject Ingress() => Json.Parse("""
        {
          "apiVersion": "networking.k8s.io/v1",
          "kind": "Ingress",
          "metadata": {
            "annotations": { "nginx.ingress.kubernetes.io/proxy-body-size": "16m" },
            "creationTimestamp": "2025-03-02T10:15:00Z", "generation": 2, "labels": { "app.kubernetes.io/instance": "shop" },
            "name": "web", "namespace": "shop", "resourceVersion": "184300", "uid": "718293a4-0101-4a5b-2cdd-08192a3b4c5d"
          },
          "spec": {
            "ingressClassName": "nginx",
            "rules": [ { "host": "shop.example.com", "http": { "paths": [ { "backend": { "service": { "name": "web", "port": { "name": "http" } } }, "path": "/", "pathType": "Prefix" } ] } } ],
            "tls": [ { "hosts": [ "shop.example.com" ], "secretName": "shop-tls" } ]
          },
          "status": { "loadBalancer": { "ingress": [ { "ip": "203.0.113.10" } ] } }
        }
        """);

    public static JsonObject NetworkPolicy() => Json.Parse("""
        {
          "apiVersion": "networking.k8s.io/v1",
          "kind": "NetworkPolicy",
          "metadata": { "creationTimestamp": "2025-03-02T10:15:00Z", "generation": 1, "labels": { "app.kubernetes.io/instance": "shop" }, "name": "db-from-shop", "namespace": "shop", "resourceVersion": "183999", "uid": "8293a4b5-0202-4b6c-3dee-192a3b4c5d6e" },
          "spec": {
            "ingress": [ { "from": [
              { "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "shop" } } },
              { "namespaceSelector": { "matchExpressions": [ { "key": "kubernetes.io/metadata.name", "operator": "In", "values": [ "monitoring", "shop" ] } ] } }
            ] } ],
            "podSelector": { "matchLabels": { "app.kubernetes.io/name": "db" } },
            "policyTypes": [ "Ingress" ]
          }
        }
        """);

    public static JsonObject WebEvent() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Event",
          "metadata": { "creationTimestamp": "2025-03-02T10:17:01Z", "name": "web-7d4b9c6f5-x2x7k.182a4f6c1d2e3f40", "namespace": "shop", "resourceVersion": "184060", "uid": "93a4b5c6-0303-4c7d-4eff-2a3b4c5d6e7f" },
          "involvedObject": { "apiVersion": "v1", "kind": "Pod", "name": "web-7d4b9c6f5-x2x7k", "namespace": "shop", "uid": "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d" },
          "reason": "Pulled", "message": "Container image \"registry.old.example.com/shop/web:1.4.2\" already present on machine",
          "source": { "component": "kubelet", "host": "ip-10-0-1-23.ec2.internal" },
          "firstTimestamp": "2025-03-02T10:17:01Z", "lastTimestamp": "2025-03-02T10:17:01Z", "count": 1, "type": "Normal",
          "eventTime": null, "reportingComponent": "kubelet", "reportingInstance": "ip-10-0-1-23.ec2.internal"
        }
        """);
}
