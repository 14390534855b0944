using Portal.Moves.Tests.Support;

namespace Portal.Moves.Tests.Transform;

/// <summary>The transform of each kind of object, compared in full with what must be applied on the target.</summary>
public sealed class TransformExpectedOutputTests
{
    private readonly Portal.Moves.Transform.TransformResult _result = TransformedShop.Result();

    [Fact]
    public void Transform_Deployment_StripsSourceFieldsAndMapsNamespaceAndRegistry() => Json.Equal("""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop", "app.kubernetes.io/name": "web" }, "name": "web", "namespace": "storefront" },
          "spec": {
            "progressDeadlineSeconds": 600,
            "replicas": 3,
            "revisionHistoryLimit": 10,
            "selector": { "matchLabels": { "app.kubernetes.io/name": "web" } },
            "strategy": { "rollingUpdate": { "maxSurge": "25%", "maxUnavailable": "25%" }, "type": "RollingUpdate" },
            "template": {
              "metadata": { "labels": { "app.kubernetes.io/name": "web" } },
              "spec": {
                "containers": [ {
                  "env": [
                    { "name": "DB_HOST", "value": "db-headless.shop.svc.cluster.local" },
                    { "name": "DB_PASSWORD", "valueFrom": { "secretKeyRef": { "key": "password", "name": "db-credentials" } } }
                  ],
                  "image": "registry.new.example.com/shop/web:1.4.2",
                  "imagePullPolicy": "IfNotPresent",
                  "name": "web",
                  "ports": [ { "containerPort": 8080, "name": "http", "protocol": "TCP" } ],
                  "readinessProbe": { "failureThreshold": 3, "httpGet": { "path": "/healthz", "port": "http", "scheme": "HTTP" }, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1 },
                  "resources": { "limits": { "memory": "512Mi" }, "requests": { "cpu": "250m", "memory": "256Mi" } },
                  "terminationMessagePath": "/dev/termination-log",
                  "terminationMessagePolicy": "File",
                  "volumeMounts": [ { "mountPath": "/etc/web", "name": "config" }, { "mountPath": "/var/lib/web/uploads", "name": "uploads" } ]
                } ],
                "dnsPolicy": "ClusterFirst",
                "imagePullSecrets": [ { "name": "old-registry-pull" } ],
                "initContainers": [ {
                  "command": [ "/app/migrate", "--wait-for-db" ],
                  "image": "registry.new.example.com/shop/migrate:1.4.2",
                  "imagePullPolicy": "IfNotPresent",
                  "name": "migrate",
                  "resources": {},
                  "terminationMessagePath": "/dev/termination-log",
                  "terminationMessagePolicy": "File"
                } ],
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "securityContext": { "fsGroup": 1000, "runAsNonRoot": true },
                "serviceAccount": "web",
                "serviceAccountName": "web",
                "terminationGracePeriodSeconds": 30,
                "volumes": [ { "configMap": { "defaultMode": 420, "name": "web-config" }, "name": "config" }, { "name": "uploads", "persistentVolumeClaim": { "claimName": "uploads" } } ]
              }
            }
          }
        }
        """, _result.Find("Deployment", "web"));

    [Fact]
    public void Transform_StatefulSet_MapsClaimTemplateStorageClassAndDropsTemplateStatus() => Json.Equal("""
        {
          "apiVersion": "apps/v1",
          "kind": "StatefulSet",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop", "app.kubernetes.io/name": "db" }, "name": "db", "namespace": "storefront" },
          "spec": {
            "persistentVolumeClaimRetentionPolicy": { "whenDeleted": "Retain", "whenScaled": "Retain" },
            "podManagementPolicy": "OrderedReady",
            "replicas": 1,
            "revisionHistoryLimit": 10,
            "selector": { "matchLabels": { "app.kubernetes.io/name": "db" } },
            "serviceName": "db-headless",
            "template": {
              "metadata": { "labels": { "app.kubernetes.io/name": "db" } },
              "spec": {
                "containers": [ {
                  "env": [
                    { "name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata" },
                    { "name": "POSTGRES_PASSWORD", "valueFrom": { "secretKeyRef": { "key": "password", "name": "db-credentials" } } }
                  ],
                  "image": "registry.new.example.com/library/postgres:16.4",
                  "imagePullPolicy": "IfNotPresent",
                  "name": "postgres",
                  "ports": [ { "containerPort": 5432, "name": "postgres", "protocol": "TCP" } ],
                  "resources": { "requests": { "cpu": "500m", "memory": "1Gi" } },
                  "terminationMessagePath": "/dev/termination-log",
                  "terminationMessagePolicy": "File",
                  "volumeMounts": [ { "mountPath": "/var/lib/postgresql/data", "name": "data" } ]
                } ],
                "dnsPolicy": "ClusterFirst",
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "securityContext": { "fsGroup": 999 },
                "terminationGracePeriodSeconds": 30
              }
            },
            "updateStrategy": { "rollingUpdate": { "partition": 0 }, "type": "RollingUpdate" },
            "volumeClaimTemplates": [ {
              "apiVersion": "v1",
              "kind": "PersistentVolumeClaim",
              "metadata": { "name": "data" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "20Gi" } }, "storageClassName": "premium-rwo", "volumeMode": "Filesystem" }
            } ]
          }
        }
        """, _result.Find("StatefulSet", "db"));

    [Fact]
    public void Transform_ClusterIpService_DropsAllocatedClusterIps() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web", "namespace": "storefront" },
          "spec": {
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": [ "IPv4" ],
            "ipFamilyPolicy": "SingleStack",
            "ports": [ { "name": "http", "port": 80, "protocol": "TCP", "targetPort": "http" } ],
            "selector": { "app.kubernetes.io/name": "web" },
            "sessionAffinity": "None",
            "type": "ClusterIP"
          }
        }
        """, _result.Find("Service", "web"));

    [Fact]
    public void Transform_HeadlessService_KeepsClusterIpNone() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop" }, "name": "db-headless", "namespace": "storefront" },
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
          }
        }
        """, _result.Find("Service", "db-headless"));

    [Fact]
    public void Transform_NodePortService_DropsNodePortAndClusterIp() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web-nodeport", "namespace": "storefront" },
          "spec": {
            "externalTrafficPolicy": "Cluster",
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": [ "IPv4" ],
            "ipFamilyPolicy": "SingleStack",
            "ports": [ { "name": "http", "port": 80, "protocol": "TCP", "targetPort": "http" } ],
            "selector": { "app.kubernetes.io/name": "web" },
            "sessionAffinity": "None",
            "type": "NodePort"
          }
        }
        """, _result.Find("Service", "web-nodeport"));

    [Fact]
    public void Transform_LoadBalancerService_DropsNodePortsHealthCheckPortAndStatus() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": {
            "annotations": { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
            "finalizers": [ "service.kubernetes.io/load-balancer-cleanup" ],
            "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web-public", "namespace": "storefront"
          },
          "spec": {
            "allocateLoadBalancerNodePorts": true,
            "externalTrafficPolicy": "Local",
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": [ "IPv4" ],
            "ipFamilyPolicy": "SingleStack",
            "ports": [
              { "name": "http", "port": 80, "protocol": "TCP", "targetPort": "http" },
              { "name": "https", "port": 443, "protocol": "TCP", "targetPort": 8443 }
            ],
            "selector": { "app.kubernetes.io/name": "web" },
            "sessionAffinity": "None",
            "type": "LoadBalancer"
          }
        }
        """, _result.Find("Service", "web-public"));

    [Fact]
    public void Transform_ExternalNameService_PointsAtRenamedNamespace() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "name": "legacy-db", "namespace": "storefront" },
          "spec": { "externalName": "db-headless.storefront.svc.cluster.local", "sessionAffinity": "None", "type": "ExternalName" }
        }
        """, _result.Find("Service", "legacy-db"));

    [Fact]
    public void Transform_Ingress_KeepsClassAndRulesDropsStatus() => Json.Equal("""
        {
          "apiVersion": "networking.k8s.io/v1",
          "kind": "Ingress",
          "metadata": { "annotations": { "nginx.ingress.kubernetes.io/proxy-body-size": "16m" }, "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web", "namespace": "storefront" },
          "spec": {
            "ingressClassName": "nginx",
            "rules": [ { "host": "shop.example.com", "http": { "paths": [ { "backend": { "service": { "name": "web", "port": { "name": "http" } } }, "path": "/", "pathType": "Prefix" } ] } } ],
            "tls": [ { "hosts": [ "shop.example.com" ], "secretName": "shop-tls" } ]
          }
        }
        """, _result.Find("Ingress", "web"));

    [Fact]
    public void Transform_BoundClaim_UnbindsAndMapsStorageClass() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "PersistentVolumeClaim",
          "metadata": {
            "finalizers": [ "kubernetes.io/pvc-protection" ],
            "labels": { "app.kubernetes.io/instance": "shop", "app.kubernetes.io/name": "web" },
            "name": "uploads", "namespace": "storefront"
          },
          "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "10Gi" } }, "storageClassName": "standard-rwo", "volumeMode": "Filesystem" }
        }
        """, _result.Find("PersistentVolumeClaim", "uploads"));

    [Fact]
    public void Transform_OpaqueSecret_KeepsDataDropsManagedFields() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "Secret",
          "metadata": { "name": "db-credentials", "namespace": "storefront" },
          "type": "Opaque",
          "data": { "password": "czNjcjN0LXBhc3M=", "username": "c2hvcA==" }
        }
        """, _result.Find("Secret", "db-credentials"));

    [Fact]
    public void Transform_ConfigMap_KeepsDataDropsLastApplied() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "ConfigMap",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web-config", "namespace": "storefront" },
          "data": {
            "FEATURE_CHECKOUT_V2": "true",
            "FILE_MODE": "0644",
            "app.properties": "db.host=db-headless.shop.svc.cluster.local\ndb.port=5432\ncache.ttl=300\n"
          }
        }
        """, _result.Find("ConfigMap", "web-config"));

    [Fact]
    public void Transform_BarePod_DropsNodeNamePriorityAndDebugContainers() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": { "labels": { "run": "toolbox" }, "name": "toolbox", "namespace": "storefront" },
          "spec": {
            "containers": [ {
              "command": [ "sleep", "infinity" ], "image": "busybox:1.36", "imagePullPolicy": "IfNotPresent", "name": "toolbox", "resources": {},
              "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
              "volumeMounts": [ { "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-7xk2p", "readOnly": true } ]
            } ],
            "dnsPolicy": "ClusterFirst",
            "enableServiceLinks": true,
            "preemptionPolicy": "PreemptLowerPriority",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {},
            "serviceAccount": "default",
            "serviceAccountName": "default",
            "terminationGracePeriodSeconds": 30,
            "tolerations": [
              { "effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300 },
              { "effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300 }
            ],
            "volumes": [ { "name": "kube-api-access-7xk2p", "projected": { "defaultMode": 420, "sources": [
              { "serviceAccountToken": { "expirationSeconds": 3607, "path": "token" } },
              { "configMap": { "items": [ { "key": "ca.crt", "path": "ca.crt" } ], "name": "kube-root-ca.crt" } },
              { "downwardAPI": { "items": [ { "fieldRef": { "apiVersion": "v1", "fieldPath": "metadata.namespace" }, "path": "namespace" } ] } }
            ] } } ]
          }
        }
        """, _result.Find("Pod", "toolbox"));

    [Fact]
    public void Transform_BareJob_DropsGeneratedSelectorAndUidLabels() => Json.Equal("""
        {
          "apiVersion": "batch/v1",
          "kind": "Job",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop", "batch.kubernetes.io/job-name": "seed-catalog", "job-name": "seed-catalog" }, "name": "seed-catalog", "namespace": "storefront" },
          "spec": {
            "backoffLimit": 6, "completionMode": "NonIndexed", "completions": 1, "manualSelector": false, "parallelism": 1, "podReplacementPolicy": "TerminatingOrFailed",
            "suspend": false,
            "template": {
              "metadata": { "labels": { "batch.kubernetes.io/job-name": "seed-catalog", "job-name": "seed-catalog" } },
              "spec": { "containers": [ { "image": "registry.new.example.com/shop/seed:1.0.0", "name": "seed", "resources": {} } ], "restartPolicy": "Never" }
            }
          }
        }
        """, _result.Find("Job", "seed-catalog"));

    [Fact]
    public void Transform_CronJob_MapsRegistryInJobTemplate() => Json.Equal("""
        {
          "apiVersion": "batch/v1",
          "kind": "CronJob",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop" }, "name": "report", "namespace": "storefront" },
          "spec": {
            "concurrencyPolicy": "Forbid",
            "failedJobsHistoryLimit": 1,
            "jobTemplate": {
              "metadata": {},
              "spec": {
                "backoffLimit": 2,
                "template": {
                  "metadata": {},
                  "spec": {
                    "containers": [ { "args": [ "--daily" ], "image": "registry.new.example.com/shop/report:2.0.1", "imagePullPolicy": "IfNotPresent", "name": "report", "resources": {}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File" } ],
                    "dnsPolicy": "ClusterFirst",
                    "restartPolicy": "OnFailure",
                    "schedulerName": "default-scheduler",
                    "securityContext": {},
                    "terminationGracePeriodSeconds": 30
                  }
                }
              }
            },
            "schedule": "0 2 * * *",
            "successfulJobsHistoryLimit": 3,
            "suspend": false,
            "timeZone": "Europe/Berlin"
          }
        }
        """, _result.Find("CronJob", "report"));

    [Fact]
    public void Transform_Namespace_RenamedWithItsNameLabel() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "Namespace",
          "metadata": { "labels": { "kubernetes.io/metadata.name": "storefront", "kubernetes-portal.io/tenant": "retail" }, "name": "storefront" },
          "spec": { "finalizers": [ "kubernetes" ] }
        }
        """, _result.Find("Namespace", "storefront"));

    [Fact]
    public void Transform_RoleBinding_RenamesOwnServiceAccountSubjectOnly() => Json.Equal("""
        {
          "apiVersion": "rbac.authorization.k8s.io/v1",
          "kind": "RoleBinding",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web-config-reader", "namespace": "storefront" },
          "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "web-config-reader" },
          "subjects": [
            { "kind": "ServiceAccount", "name": "web", "namespace": "storefront" },
            { "kind": "ServiceAccount", "name": "prometheus", "namespace": "monitoring" },
            { "apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "shop-admins" }
          ]
        }
        """, _result.Find("RoleBinding", "web-config-reader"));

    [Fact]
    public void Transform_ServiceAccount_DropsReferencesToLeftOutTokenSecrets() => Json.Equal("""
        {
          "apiVersion": "v1",
          "kind": "ServiceAccount",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop" }, "name": "web", "namespace": "storefront" },
          "automountServiceAccountToken": false
        }
        """, _result.Find("ServiceAccount", "web"));

    [Fact]
    public void Transform_NetworkPolicy_RenamesNamespaceSelectorsOnTheNameLabel() => Json.Equal("""
        {
          "apiVersion": "networking.k8s.io/v1",
          "kind": "NetworkPolicy",
          "metadata": { "labels": { "app.kubernetes.io/instance": "shop" }, "name": "db-from-shop", "namespace": "storefront" },
          "spec": {
            "ingress": [ { "from": [
              { "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "storefront" } } },
              { "namespaceSelector": { "matchExpressions": [ { "key": "kubernetes.io/metadata.name", "operator": "In", "values": [ "monitoring", "storefront" ] } ] } }
            ] } ],
            "podSelector": { "matchLabels": { "app.kubernetes.io/name": "db" } },
            "policyTypes": [ "Ingress" ]
          }
        }
        """, _result.Find("NetworkPolicy", "db-from-shop"));
}
