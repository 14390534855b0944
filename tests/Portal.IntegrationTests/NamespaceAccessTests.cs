using System.Text.Json.Nodes;
using Portal.Application.Common;
using Portal.Application.Features.Tenants;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>
/// The portal's rights inside a namespace come from the RoleBinding it makes there when the namespace is given to a
/// tenant (deploy/target-cluster-rbac grants no workload, Secret or RBAC rights cluster-wide): made on the cluster,
/// valid against the real schema, adopted when it is the portal's own, refused in words when it is someone else's.
/// </summary>
public class NamespaceAccessTests
{
    private const string Rbac = "rbac.authorization.k8s.io/v1";

    private static Task<Result<Guid>> ClaimAsync(JourneyWorld w, string ns) =>
        w.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(w.TenantId, w.ClusterId, ns)));

    private static void PutNamespace(JourneyWorld w, string ns) =>
        w.Cluster.Store.Put(JsonNode.Parse($$"""{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "{{ns}}" } }""")!);

    [CrdsFact]
    public async Task Claim_MakesThePortalsRoleBinding_ToTheFixedRole_ValidAgainstTheRealSchema()
    {
        await using var w = await JourneyWorld.CreateAsync(); // claims shop-frontend for Webshop

        var binding = w.Cluster.Store.Get(Rbac, "RoleBinding", "shop-frontend", "kubernetes-portal");

        Assert.NotNull(binding);
        Assert.Equal("kubernetes-portal", (string?)binding["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);
        Assert.Equal(("ClusterRole", "kubernetes-portal-namespace"), ((string?)binding["roleRef"]!["kind"], (string?)binding["roleRef"]!["name"]));
        var subject = Assert.Single(binding["subjects"]!.AsArray());
        Assert.Equal(("ServiceAccount", "kubernetes-portal", "portal-system"),
            ((string?)subject!["kind"], (string?)subject["name"], (string?)subject["namespace"]));
        Assert.NotNull(w.Cluster.Catalog.Find(Rbac, "RoleBinding")!.Schema);
        Assert.Empty(w.Cluster.Catalog.Validate(Rbac, "RoleBinding", binding, strict: true));
        Assert.Single(w.Cluster.Store.List(Rbac, "RoleBinding", "shop-frontend"));
    }

    [Fact]
    public async Task Claim_WhenSomeoneElsesBindingHasThePortalsName_IsRefusedInWords_NothingRecorded_ThenWorksOnceItIsGone()
    {
        await using var w = await JourneyWorld.CreateAsync();
        PutNamespace(w, "team-x");
        w.Cluster.Store.Put(JsonNode.Parse("""
            { "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": { "name": "kubernetes-portal", "namespace": "team-x" },
              "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "admin" },
              "subjects": [ { "kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "mallory" } ] }
            """)!);
        w.As(w.Platform);

        var refused = await ClaimAsync(w, "team-x");

        Assert.Equal(ErrorKind.Conflict, refused.Error!.Kind);
        Assert.Contains("already has a RoleBinding named kubernetes-portal that the portal did not make", refused.Error.Message);
        Assert.Contains("team-x was not assigned", refused.Error.Message);
        Assert.Equal("admin", (string?)w.Cluster.Store.Get(Rbac, "RoleBinding", "team-x", "kubernetes-portal")!["roleRef"]!["name"]);

        Assert.NotNull(w.Cluster.Store.Delete(Rbac, "RoleBinding", "team-x", "kubernetes-portal"));
        JourneyWorld.Ok(await ClaimAsync(w, "team-x")); // so the refused claim recorded nothing
        Assert.Equal("kubernetes-portal-namespace", (string?)w.Cluster.Store.Get(Rbac, "RoleBinding", "team-x", "kubernetes-portal")!["roleRef"]!["name"]);
    }

    [Fact]
    public async Task Claim_AfterARelease_AdoptsThePortalsOwnBinding_AndPutsItsSubjectRight()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Platform);
        JourneyWorld.Ok(await w.Portal.RunAsync<ReleaseNamespace, Result<Unit>>(u => u.HandleAsync(new ReleaseNamespaceCommand(w.NamespaceId))));
        var own = w.Cluster.Store.Get(Rbac, "RoleBinding", "shop-frontend", "kubernetes-portal")!;
        own["subjects"]!.AsArray().Add(JsonNode.Parse("""{ "kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "mallory" }"""));
        w.Cluster.Store.Put(own);

        JourneyWorld.Ok(await ClaimAsync(w, "shop-frontend"));

        var binding = Assert.Single(w.Cluster.Store.List(Rbac, "RoleBinding", "shop-frontend"));
        var subject = Assert.Single(binding["subjects"]!.AsArray());
        Assert.Equal("kubernetes-portal", (string?)subject!["name"]);
    }
}
