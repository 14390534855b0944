using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>With Kubernetes' own OpenAPI documents, the built-in kinds the portal writes (workloads, networking, RBAC,
/// admission policies) are checked against their real schema on a strict write, as kube-apiserver does.</summary>
public sealed class BuiltInSchemaTests
{
    private static JsonObject Deployment(string templateLabel) => JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "name": "web", "namespace": "default",
            "managedFields": [ { "apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": { "f:spec": { "f:replicas": {} } },
                                 "manager": "kubectl", "operation": "Update", "time": "2026-01-01T00:00:00Z" } ] },
          "spec": {
            "selector": { "matchLabels": { "app": "web" } },
            "template": { "metadata": { "labels": { "app": "web", "{{templateLabel}}": "x" } },
              "spec": { "containers": [ { "name": "web", "image": "nginx:1.27" } ] } }
          }
        }
        """)!.AsObject();

    [CrdsFact]
    public async Task StrictCreate_DeploymentWithManagedFields_IsAccepted()
    {
        await using var cluster = await TestCluster.StartAsync(crds: SharedCrds.Directory);
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PostAsync("/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict", Deployment("tier"));

        Assert.True(code == HttpStatusCode.Created, body?.ToJsonString());
        Assert.NotNull(cluster.Catalog.Find("apps/v1", "Deployment")!.Schema);
    }

    [CrdsFact]
    public async Task StrictCreate_TemplateLabelThatIsNoLabel_Or_UnknownRbacField_Is422()
    {
        await using var cluster = await TestCluster.StartAsync(crds: SharedCrds.Directory);
        using var client = new ApiClient(cluster);
        var binding = JsonNode.Parse("""
            { "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": { "name": "b", "namespace": "default" },
              "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view" },
              "subjects": [ { "kind": "ServiceAccount", "name": "x", "namespace": "default", "role": "admin" } ] }
            """)!;

        var (deploymentCode, deploymentBody) = await client.PostAsync("/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict", Deployment("bad label"));
        var (bindingCode, bindingBody) = await client.PostAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings?fieldValidation=Strict", binding);

        Assert.Equal((HttpStatusCode)422, deploymentCode);
        Assert.Contains("bad label", (string?)deploymentBody!["message"]);
        Assert.Equal((HttpStatusCode)422, bindingCode);
        Assert.Contains("subjects[0].role", (string?)bindingBody!["message"]);
    }
}
