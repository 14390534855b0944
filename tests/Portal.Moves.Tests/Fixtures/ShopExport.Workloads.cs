using System.Text.Json.Nodes;
using Portal.Moves.Tests.Support;

namespace Portal.Moves.Tests.Fixtures;

public static partial class ShopExport
{
    private const string WebPodSpec = """
        {
          "containers": [ {
            "env": [
              { "name": "DB_HOST", "value": "db-headless.shop.svc.cluster.local" },
              { "name": "DB_PASSWORD", "valueFrom": { "secretKeyRef": { "key": "password", "name": "db-credentials" } } }
            ],
            "image": "registry.old.example.com/shop/web:1.4.2",
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
            "image": "registry.old.example.com/shop/migrate:1.4.2",
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
        """;

    public static JsonObject Web() => Json.Parse($$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": {
            "annotations": {
              "deployment.kubernetes.io/revision": "3",
              "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"} }\n"
            },
            "creationTimestamp": "2025-03-02T10:15:00Z",
            "generation": 3,
            "labels": { "app.kubernetes.io/instance": "shop", "app.kubernetes.io/name": "web" },
            "managedFields": [
              { "apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": { "f:spec": { "f:replicas": {} } }, "manager": "kubectl-client-side-apply", "operation": "Update", "time": "2025-03-02T10:15:00Z" },
              { "apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": { "f:status": { "f:availableReplicas": {} } }, "manager": "kube-controller-manager", "operation": "Update", "subresource": "status", "time": "2025-03-02T10:17:30Z" }
            ],
            "name": "web",
            "namespace": "shop",
            "resourceVersion": "184467",
            "uid": "5f0c3a8e-6a43-4b7e-9d51-2f8c1a7e9b10"
          },
          "spec": {
            "progressDeadlineSeconds": 600,
            "replicas": 3,
            "revisionHistoryLimit": 10,
            "selector": { "matchLabels": { "app.kubernetes.io/name": "web" } },
            "strategy": { "rollingUpdate": { "maxSurge": "25%", "maxUnavailable": "25%" }, "type": "RollingUpdate" },
            "template": {
              "metadata": { "creationTimestamp": null, "labels": { "app.kubernetes.io/name": "web" } },
              "spec": {{WebPodSpec}}
            }
          },
          "status": {
            "availableReplicas": 3,
            "conditions": [ { "lastTransitionTime": "2025-03-02T10:17:30Z", "lastUpdateTime": "2025-03-02T10:17:30Z", "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable", "status": "True", "type": "Available" } ],
            "observedGeneration": 3, "readyReplicas": 3, "replicas": 3, "updatedReplicas": 3
          }
        }
        """);

    public static JsonObject WebReplicaSet() => Json.Parse($$"""
        {
          "apiVersion": "apps/v1",
          "kind": "ReplicaSet",
          "metadata": {
            "annotations": { "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4", "deployment.kubernetes.io/revision": "3" },
            "creationTimestamp": "2025-03-02T10:15:00Z", "generation": 1,
            "labels": { "app.kubernetes.io/name": "web", "pod-template-hash": "7d4b9c6f5" },
            "name": "web-7d4b9c6f5", "namespace": "shop",
            "ownerReferences": [ { "apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "Deployment", "name": "web", "uid": "5f0c3a8e-6a43-4b7e-9d51-2f8c1a7e9b10" } ],
            "resourceVersion": "184466", "uid": "a4b5c6d7-0404-4d8e-5f00-3b4c5d6e7f80"
          },
          "spec": {
            "replicas": 3,
            "selector": { "matchLabels": { "app.kubernetes.io/name": "web", "pod-template-hash": "7d4b9c6f5" } },
            "template": { "metadata": { "creationTimestamp": null, "labels": { "app.kubernetes.io/name": "web", "pod-template-hash": "7d4b9c6f5" } }, "spec": {{WebPodSpec}} }
          },
          "status": { "availableReplicas": 3, "fullyLabeledReplicas": 3, "observedGeneration": 1, "readyReplicas": 3, "replicas": 3 }
        }
        """);

    public static JsonObject WebPod() => Json.Parse($$"""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {
            "creationTimestamp": "2025-03-02T10:17:00Z", "generateName": "web-7d4b9c6f5-",
            "labels": { "app.kubernetes.io/name": "web", "pod-template-hash": "7d4b9c6f5" },
            "name": "web-7d4b9c6f5-x2x7k", "namespace": "shop",
            "ownerReferences": [ { "apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "ReplicaSet", "name": "web-7d4b9c6f5", "uid": "a4b5c6d7-0404-4d8e-5f00-3b4c5d6e7f80" } ],
            "resourceVersion": "184400", "uid": "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d"
          },
          "spec": {{WebPodSpec}},
          "status": { "phase": "Running", "podIP": "10.244.1.17", "hostIP": "10.0.1.23", "qosClass": "Burstable", "startTime": "2025-03-02T10:17:00Z" }
        }
        """);

    public static JsonObject Db() => Json.Parse("""
        {
          "apiVersion": "apps/v1",
          "kind": "StatefulSet",
          "metadata": {
            "creationTimestamp": "2025-03-02T10:16:00Z", "generation": 1,
            "labels": { "app.kubernetes.io/instance": "shop", "app.kubernetes.io/name": "db" },
            "name": "db", "namespace": "shop", "resourceVersion": "184120", "uid": "b5c6d7e8-0505-4e9f-6011-4c5d6e7f8091"
          },
          "spec": {
            "persistentVolumeClaimRetentionPolicy": { "whenDeleted": "Retain", "whenScaled": "Retain" },
            "podManagementPolicy": "OrderedReady",
            "replicas": 1,
            "revisionHistoryLimit": 10,
            "selector": { "matchLabels": { "app.kubernetes.io/name": "db" } },
            "serviceName": "db-headless",
            "template": {
              "metadata": { "creationTimestamp": null, "labels": { "app.kubernetes.io/name": "db" } },
              "spec": {
                "containers": [ {
                  "env": [
                    { "name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata" },
                    { "name": "POSTGRES_PASSWORD", "valueFrom": { "secretKeyRef": { "key": "password", "name": "db-credentials" } } }
                  ],
                  "image": "registry.old.example.com/library/postgres:16.4",
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
              "metadata": { "creationTimestamp": null, "name": "data" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "20Gi" } }, "storageClassName": "fast-ssd", "volumeMode": "Filesystem" },
              "status": { "phase": "Pending" }
            } ]
          },
          "status": { "availableReplicas": 1, "collisionCount": 0, "currentReplicas": 1, "currentRevision": "db-5c9d8f7b6", "observedGeneration": 1, "readyReplicas": 1, "replicas": 1, "updateRevision": "db-5c9d8f7b6", "updatedReplicas": 1 }
        }
        """);

    public static JsonObject Report() => Json.Parse("""
        {
          "apiVersion": "batch/v1",
          "kind": "CronJob",
          "metadata": { "creationTimestamp": "2025-03-02T10:15:00Z", "generation": 1, "labels": { "app.kubernetes.io/instance": "shop" }, "name": "report", "namespace": "shop", "resourceVersion": "190001", "uid": "c6d7e8f9-0606-4fa0-7122-5d6e7f8091a2" },
          "spec": {
            "concurrencyPolicy": "Forbid",
            "failedJobsHistoryLimit": 1,
            "jobTemplate": {
              "metadata": { "creationTimestamp": null },
              "spec": {
                "backoffLimit": 2,
                "template": {
                  "metadata": { "creationTimestamp": null },
                  "spec": {
                    "containers": [ { "args": [ "--daily" ], "image": "registry.old.example.com/shop/report:2.0.1", "imagePullPolicy": "IfNotPresent", "name": "report", "resources": {}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File" } ],
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
          },
          "status": { "lastScheduleTime": "2025-03-10T01:00:00Z", "lastSuccessfulTime": "2025-03-10T01:00:42Z" }
        }
        """);

    public static JsonObject ReportJob() => Json.Parse("""
        {
          "apiVersion": "batch/v1",
          "kind": "Job",
          "metadata": {
            "creationTimestamp": "2025-03-10T01:00:00Z", "generation": 1,
            "labels": { "batch.kubernetes.io/controller-uid": "d7e8f90a-0707-40b1-8233-6e7f8091a2b3", "batch.kubernetes.io/job-name": "report-29024460", "controller-uid": "d7e8f90a-0707-40b1-8233-6e7f8091a2b3", "job-name": "report-29024460" },
            "name": "report-29024460", "namespace": "shop",
            "ownerReferences": [ { "apiVersion": "batch/v1", "blockOwnerDeletion": true, "controller": true, "kind": "CronJob", "name": "report", "uid": "c6d7e8f9-0606-4fa0-7122-5d6e7f8091a2" } ],
            "resourceVersion": "190050", "uid": "d7e8f90a-0707-40b1-8233-6e7f8091a2b3"
          },
          "spec": {
            "backoffLimit": 2, "completionMode": "NonIndexed", "completions": 1, "manualSelector": false, "parallelism": 1, "podReplacementPolicy": "TerminatingOrFailed",
            "selector": { "matchLabels": { "batch.kubernetes.io/controller-uid": "d7e8f90a-0707-40b1-8233-6e7f8091a2b3" } },
            "suspend": false,
            "template": {
              "metadata": { "creationTimestamp": null, "labels": { "batch.kubernetes.io/controller-uid": "d7e8f90a-0707-40b1-8233-6e7f8091a2b3", "batch.kubernetes.io/job-name": "report-29024460", "controller-uid": "d7e8f90a-0707-40b1-8233-6e7f8091a2b3", "job-name": "report-29024460" } },
              "spec": { "containers": [ { "args": [ "--daily" ], "image": "registry.old.example.com/shop/report:2.0.1", "name": "report", "resources": {} } ], "restartPolicy": "OnFailure" }
            }
          },
          "status": { "completionTime": "2025-03-10T01:00:42Z", "conditions": [ { "lastProbeTime": "2025-03-10T01:00:42Z", "lastTransitionTime": "2025-03-10T01:00:42Z", "status": "True", "type": "Complete" } ], "ready": 0, "startTime": "2025-03-10T01:00:00Z", "succeeded": 1, "terminating": 0, "uncountedTerminatedPods": {} }
        }
        """);

    /// <summary>A Job created by hand (no owner): the API server generated its selector from its uid.</summary>
    public static JsonObject SeedJob() => Json.Parse("""
        {
          "apiVersion": "batch/v1",
          "kind": "Job",
          "metadata": {
            "creationTimestamp": "2025-03-02T10:18:00Z", "generation": 1,
            "labels": { "app.kubernetes.io/instance": "shop", "batch.kubernetes.io/controller-uid": "e8f90a1b-0808-41c2-9344-7f8091a2b3c4", "batch.kubernetes.io/job-name": "seed-catalog", "controller-uid": "e8f90a1b-0808-41c2-9344-7f8091a2b3c4", "job-name": "seed-catalog" },
            "name": "seed-catalog", "namespace": "shop", "resourceVersion": "184600", "uid": "e8f90a1b-0808-41c2-9344-7f8091a2b3c4"
          },
          "spec": {
            "backoffLimit": 6, "completionMode": "NonIndexed", "completions": 1, "manualSelector": false, "parallelism": 1, "podReplacementPolicy": "TerminatingOrFailed",
            "selector": { "matchLabels": { "batch.kubernetes.io/controller-uid": "e8f90a1b-0808-41c2-9344-7f8091a2b3c4" } },
            "suspend": false,
            "template": {
              "metadata": { "creationTimestamp": null, "labels": { "batch.kubernetes.io/controller-uid": "e8f90a1b-0808-41c2-9344-7f8091a2b3c4", "batch.kubernetes.io/job-name": "seed-catalog", "controller-uid": "e8f90a1b-0808-41c2-9344-7f8091a2b3c4", "job-name": "seed-catalog" } },
              "spec": { "containers": [ { "image": "registry.old.example.com/shop/seed:1.0.0", "name": "seed", "resources": {} } ], "restartPolicy": "Never" }
            }
          },
          "status": { "completionTime": "2025-03-02T10:18:30Z", "ready": 0, "startTime": "2025-03-02T10:18:00Z", "succeeded": 1, "terminating": 0, "uncountedTerminatedPods": {} }
        }
        """);

    /// <summary>A Pod created by hand, scheduled on a node, with the API access volume the admission added and a
    /// debug container added later with kubectl debug.</summary>
    public static JsonObject Toolbox() => Json.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": { "creationTimestamp": "2025-03-05T08:00:00Z", "labels": { "run": "toolbox" }, "name": "toolbox", "namespace": "shop", "resourceVersion": "186000", "uid": "f90a1b2c-0909-42d3-a455-8091a2b3c4d5" },
          "spec": {
            "containers": [ {
              "command": [ "sleep", "infinity" ], "image": "busybox:1.36", "imagePullPolicy": "IfNotPresent", "name": "toolbox", "resources": {},
              "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
              "volumeMounts": [ { "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-7xk2p", "readOnly": true } ]
            } ],
            "dnsPolicy": "ClusterFirst",
            "enableServiceLinks": true,
            "ephemeralContainers": [ { "image": "nicolaka/netshoot:v0.13", "name": "debugger-mrk8s", "resources": {}, "stdin": true, "targetContainerName": "toolbox", "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "tty": true } ],
            "nodeName": "ip-10-0-1-23.ec2.internal",
            "preemptionPolicy": "PreemptLowerPriority",
            "priority": 0,
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
          },
          "status": { "phase": "Running", "podIP": "10.244.1.40", "qosClass": "BestEffort" }
        }
        """);
}
