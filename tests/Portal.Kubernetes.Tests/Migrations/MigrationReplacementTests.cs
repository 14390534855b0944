using System.Text.Json.Nodes;
using Portal.Kubernetes.Migrations;

namespace Portal.Kubernetes.Tests.Migrations;

public class MigrationReplacementTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void ForCreate_ServerMetadata_Removed()
    {
        var body = MigrationReplacement.ForCreate(Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"n","resourceVersion":"7","uid":"u","creationTimestamp":"t","managedFields":[]},"data":{}}
            """));

        Assert.Equal(["name", "namespace"], body["metadata"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void ForReplace_ConfigMap_KeepsServerMetadataMergesLabelsAndAnnotationsKeepsStatus()
    {
        var existing = Parse("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"a","namespace":"argocd","resourceVersion":"42","uid":"u1",
              "creationTimestamp":"2026-01-01T00:00:00Z","finalizers":["resources-finalizer.argocd.argoproj.io"],
              "labels":{"owner":"wave-1","extra":"x"},"annotations":{"controller":"y","mine":"old"}},
             "spec":{"project":"default"},"status":{"sync":{"status":"Synced"}}}
            """);
        var desired = Parse("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"a","namespace":"argocd","labels":{"owner":"wave-1"},"annotations":{"mine":"new"}},
             "spec":{"project":"shop"}}
            """);

        var body = MigrationReplacement.ForReplace(desired, existing);

        Assert.Equal("42", (string?)body["metadata"]!["resourceVersion"]);
        Assert.Equal("u1", (string?)body["metadata"]!["uid"]);
        Assert.Equal("resources-finalizer.argocd.argoproj.io", (string?)body["metadata"]!["finalizers"]![0]);
        Assert.Equal(("x", "wave-1"), ((string?)body["metadata"]!["labels"]!["extra"], (string?)body["metadata"]!["labels"]!["owner"]));
        Assert.Equal(("y", "new"), ((string?)body["metadata"]!["annotations"]!["controller"], (string?)body["metadata"]!["annotations"]!["mine"]));
        Assert.Equal("shop", (string?)body["spec"]!["project"]);
        Assert.Equal("Synced", (string?)body["status"]!["sync"]!["status"]);
    }

    [Fact]
    public void ForReplace_Service_KeepsClusterIpsAndNodePorts()
    {
        var existing = Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"n","resourceVersion":"3"},
             "spec":{"type":"NodePort","clusterIP":"10.96.1.2","clusterIPs":["10.96.1.2"],"ports":[{"name":"http","port":80,"nodePort":30080}]}}
            """);
        var desired = Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"n"},
             "spec":{"type":"NodePort","ports":[{"name":"http","port":80,"targetPort":8080},{"name":"admin","port":9000}]}}
            """);

        var body = MigrationReplacement.ForReplace(desired, existing);

        Assert.Equal("10.96.1.2", (string?)body["spec"]!["clusterIP"]);
        Assert.Equal("10.96.1.2", (string?)body["spec"]!["clusterIPs"]![0]);
        Assert.Equal(30080, (int?)body["spec"]!["ports"]![0]!["nodePort"]);
        Assert.Null(body["spec"]!["ports"]![1]!["nodePort"]);
        Assert.Equal(8080, (int?)body["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Fact]
    public void ForReplace_Claim_SpecStaysAsStoredOnlyMetadataChanges()
    {
        var existing = Parse("""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","namespace":"n","resourceVersion":"9",
              "annotations":{"pv.kubernetes.io/bind-completed":"yes"}},
             "spec":{"storageClassName":"standard","volumeName":"pvc-1","resources":{"requests":{"storage":"1Gi"}}},"status":{"phase":"Bound"}}
            """);
        var desired = Parse("""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","namespace":"n","labels":{"owner":"w"},"annotations":{"copied":"true"}},
             "spec":{"storageClassName":"premium-ssd","resources":{"requests":{"storage":"1Gi"}}}}
            """);

        var body = MigrationReplacement.ForReplace(desired, existing);

        Assert.True(JsonNode.DeepEquals(existing["spec"], body["spec"]));
        Assert.Equal("w", (string?)body["metadata"]!["labels"]!["owner"]);
        Assert.Equal(("yes", "true"), ((string?)body["metadata"]!["annotations"]!["pv.kubernetes.io/bind-completed"],
            (string?)body["metadata"]!["annotations"]!["copied"]));
        Assert.Equal("9", (string?)body["metadata"]!["resourceVersion"]);
    }
}
