using System.Text.Json.Nodes;
using Portal.Moves.Tests.Support;

namespace Portal.Moves.Tests.Fixtures;

/// <summary>
/// The namespace "shop" as a real API server returns it on export (uid, resourceVersion, managedFields, status,
/// allocated IPs and ports, bound volumes, controller-made objects): a web Deployment with its ReplicaSet and Pod,
/// a PostgreSQL StatefulSet with a claim template, Services of every type, an Ingress, claims, Secrets,
/// ConfigMaps, endpoints, RBAC, a CronJob with its Job, a bare Job, a bare Pod, an event. Each call returns new
/// objects, so tests may change them.
/// </summary>
public static partial class ShopExport
{
    public static IReadOnlyList<JsonObject> All() =>
    [
        Namespace(), ServiceAccountDefault(), ServiceAccountWeb(), TokenSecret(), DbCredentials(), WebConfig(), RootCa(),
        Uploads(), DataDb0(), Role(), RoleBinding(), WebService(), DbHeadless(), WebNodePort(), WebPublic(), LegacyDb(),
        WebEndpoints(), WebEndpointSlice(), Web(), WebReplicaSet(), WebPod(), Db(), Report(), ReportJob(), SeedJob(),
        Toolbox(), Ingress(), NetworkPolicy(), WebEvent(),
    ];

    public static JsonObject Namespace() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Namespace",
          "metadata": {
            "creationTimestamp": "2025-03-02T10:10:00Z",
            "labels": { "kubernetes.io/metadata.name": "shop", "kubernetes-portal.io/tenant": "retail" },
            "managedFields": [ { "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": { "f:metadata": { "f:labels": { ".": {}, "f:kubernetes.io/metadata.name": {} } } }, "manager": "kubectl-create", "operation": "Update", "time": "2025-03-02T10:10:00Z" } ],
            "name": "shop",
            "resourceVersion": "183901",
            "uid": "0b6f5e1c-2d55-4d8e-9a61-3f0e8c2d4a11"
          },
          "spec": { "finalizers": [ "kubernetes" ] },
          "status": { "phase": "Active" }
        }
        """);

    public static JsonObject ServiceAccountDefault() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "ServiceAccount",
          "metadata": { "creationTimestamp": "2025-03-02T10:10:00Z", "name": "default", "namespace": "shop", "resourceVersion": "183902", "uid": "6a0f7f0e-5c1c-4f0a-8b36-1d7e52c9f001" },
          "imagePullSecrets": [ { "name": "old-registry-pull" } ]
        }
        """);

    public static JsonObject ServiceAccountWeb() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "ServiceAccount",
          "metadata": {
            "annotations": { "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"}}\n" },
            "creationTimestamp": "2025-03-02T10:15:00Z", "labels": { "app.kubernetes.io/instance": "shop" },
            "name": "web", "namespace": "shop", "resourceVersion": "183950", "uid": "7c1e2d3f-0000-4a5b-8c9d-0e1f2a3b4c5d"
          },
          "automountServiceAccountToken": false,
          "secrets": [ { "name": "web-token-q8r2z" } ]
        }
        """);

    /// <summary>A legacy token Secret (clusters before 1.24 made one per ServiceAccount).</summary>
    public static JsonObject TokenSecret() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Secret",
          "metadata": {
            "annotations": { "kubernetes.io/service-account.name": "web", "kubernetes.io/service-account.uid": "7c1e2d3f-0000-4a5b-8c9d-0e1f2a3b4c5d" },
            "creationTimestamp": "2025-03-02T10:15:00Z", "name": "web-token-q8r2z", "namespace": "shop", "resourceVersion": "183951", "uid": "8d2f3e4a-1111-4b6c-9d0e-1f2a3b4c5d6e"
          },
          "type": "kubernetes.io/service-account-token",
          "data": { "ca.crt": "LS0tLS1CRUdJTi==", "namespace": "c2hvcA==", "token": "ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNklpSjk=" }
        }
        """);

    public static JsonObject DbCredentials() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Secret",
          "metadata": {
            "creationTimestamp": "2025-03-02T10:12:00Z", "name": "db-credentials", "namespace": "shop", "resourceVersion": "183920", "uid": "9e3a4b5c-2222-4c7d-8e0f-2a3b4c5d6e7f",
            "managedFields": [ { "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": { "f:data": { ".": {}, "f:password": {}, "f:username": {} }, "f:type": {} }, "manager": "kubectl-create", "operation": "Update", "time": "2025-03-02T10:12:00Z" } ]
          },
          "type": "Opaque",
          "data": { "password": "czNjcjN0LXBhc3M=", "username": "c2hvcA==" }
        }
        """);

    public static JsonObject WebConfig() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "ConfigMap",
          "metadata": {
            "annotations": { "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"v1\",\"data\":{},\"kind\":\"ConfigMap\"}\n" },
            "creationTimestamp": "2025-03-02T10:15:00Z", "labels": { "app.kubernetes.io/instance": "shop" },
            "name": "web-config", "namespace": "shop", "resourceVersion": "183960", "uid": "a04b5c6d-3333-4d8e-9f10-3b4c5d6e7f80"
          },
          "data": {
            "FEATURE_CHECKOUT_V2": "true",
            "FILE_MODE": "0644",
            "app.properties": "db.host=db-headless.shop.svc.cluster.local\ndb.port=5432\ncache.ttl=300\n"
          }
        }
        """);

    public static JsonObject RootCa() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "ConfigMap",
          "metadata": {
            "annotations": { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." },
            "creationTimestamp": "2025-03-02T10:10:00Z", "name": "kube-root-ca.crt", "namespace": "shop", "resourceVersion": "183903", "uid": "b15c6d7e-4444-4e9f-a011-4c5d6e7f8091"
          },
          "data": { "ca.crt": "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\n-----END CERTIFICATE-----\n" }
        }
        """);

    public static JsonObject Uploads() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "PersistentVolumeClaim",
          "metadata": {
            "annotations": {
              "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\"}\n",
              "pv.kubernetes.io/bind-completed": "yes",
              "pv.kubernetes.io/bound-by-controller": "yes",
              "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com",
              "volume.kubernetes.io/selected-node": "ip-10-0-1-23.ec2.internal",
              "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"
            },
            "creationTimestamp": "2025-03-02T10:15:00Z",
            "finalizers": [ "kubernetes.io/pvc-protection" ],
            "labels": { "app.kubernetes.io/instance": "shop", "app.kubernetes.io/name": "web" },
            "name": "uploads", "namespace": "shop", "resourceVersion": "184012", "uid": "c26d7e8f-5555-4fa0-b122-5d6e7f8091a2"
          },
          "spec": {
            "accessModes": [ "ReadWriteOnce" ],
            "resources": { "requests": { "storage": "10Gi" } },
            "storageClassName": "standard",
            "volumeMode": "Filesystem",
            "volumeName": "pvc-c26d7e8f-5555-4fa0-b122-5d6e7f8091a2"
          },
          "status": { "accessModes": [ "ReadWriteOnce" ], "capacity": { "storage": "10Gi" }, "phase": "Bound" }
        }
        """);

    /// <summary>The claim the StatefulSet controller made from the "data" template.</summary>
    public static JsonObject DataDb0() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "PersistentVolumeClaim",
          "metadata": {
            "annotations": {
              "pv.kubernetes.io/bind-completed": "yes",
              "pv.kubernetes.io/bound-by-controller": "yes",
              "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com",
              "volume.kubernetes.io/selected-node": "ip-10-0-2-51.ec2.internal",
              "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"
            },
            "creationTimestamp": "2025-03-02T10:16:00Z",
            "finalizers": [ "kubernetes.io/pvc-protection" ],
            "labels": { "app.kubernetes.io/name": "db" },
            "name": "data-db-0", "namespace": "shop", "resourceVersion": "184101", "uid": "d37e8f90-6666-40b1-8233-6e7f8091a2b3"
          },
          "spec": {
            "accessModes": [ "ReadWriteOnce" ],
            "resources": { "requests": { "storage": "20Gi" } },
            "storageClassName": "fast-ssd",
            "volumeMode": "Filesystem",
            "volumeName": "pvc-d37e8f90-6666-40b1-8233-6e7f8091a2b3"
          },
          "status": { "accessModes": [ "ReadWriteOnce" ], "capacity": { "storage": "20Gi" }, "phase": "Bound" }
        }
        """);

    public static JsonObject Role() => Json.Parse("""
        {
          "apiVersion": "rbac.authorization.k8s.io/v1",
          "kind": "Role",
          "metadata": { "creationTimestamp": "2025-03-02T10:15:00Z", "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web-config-reader", "namespace": "shop", "resourceVersion": "183970", "uid": "e48f90a1-7777-41c2-9344-7f8091a2b3c4" },
          "rules": [ { "apiGroups": [ "" ], "resourceNames": [ "web-config" ], "resources": [ "configmaps" ], "verbs": [ "get", "watch" ] } ]
        }
        """);

    public static JsonObject RoleBinding() => Json.Parse("""
        {
          "apiVersion": "rbac.authorization.k8s.io/v1",
          "kind": "RoleBinding",
          "metadata": { "creationTimestamp": "2025-03-02T10:15:00Z", "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web-config-reader", "namespace": "shop", "resourceVersion": "183971", "uid": "f59001b2-8888-42d3-a455-8091a2b3c4d5" },
          "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "web-config-reader" },
          "subjects": [
            { "kind": "ServiceAccount", "name": "web", "namespace": "shop" },
            { "kind": "ServiceAccount", "name": "prometheus", "namespace": "monitoring" },
            { "apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "shop-admins" }
          ]
        }
        """);
}
