using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Databases.Jobs;
using Portal.Domain.Databases;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.Kubernetes.Drills;
using Portal.Kubernetes.Tests.Moves;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Drills;

/// <summary>What a restore drill sends to a cluster, against the real schemas (Velero's CRDs, Kubernetes 1.35), and its gateway
/// against the simulator.</summary>
public class DrillObjectsTests
{
    private static readonly Guid DrillId = Guid.Parse("0193a000-0000-7000-8000-00000abc1234");
    private static readonly Dictionary<string, string> Labels = new() { ["kubernetes-portal.io/request-id"] = Guid.Empty.ToString(), ["kubernetes-portal.io/tenant"] = "webshop" };

    [CrdsFact]
    public void DrillRestore_WithItsModifiers_IsValidAgainstTheRealRestoreCrd()
    {
        var rules = new List<RestoreModifierRule> { RestoreModifiers.SuspendCronJobs };
        rules.AddRange(RestoreModifiers.ServicesToClusterIp);
        var restore = VeleroObjectBuilder.Restore(new VeleroRestoreSpec("portal-drill-0193a000000070008000000000abc1234", "portal-backup-1", "catalog",
            "catalog-drill-0abc1234", ExistingResourcePolicy.None, true, Labels, rules), "velero");

        Assert.Empty(RealSchemas.Catalog.Validate("velero.io/v1", "Restore", restore, strict: true));
        Assert.Equal("catalog-drill-0abc1234", restore["spec"]!["namespaceMapping"]!["catalog"]!.GetValue<string>());
        Assert.NotNull(restore["spec"]!["resourceModifier"]);
        Assert.Empty(RealSchemas.Validate(VeleroObjectBuilder.RestoreModifiersConfigMap(rules, "velero")));
    }

    [CrdsFact]
    public void ScratchNamespace_AndItsIsolationPolicy_AreValidKubernetesObjects()
    {
        var ns = DrillObjects.Namespace("catalog-drill-0abc1234", DrillId, Labels);
        var policy = DrillObjects.IsolationPolicy("catalog-drill-0abc1234", DrillId, Labels);

        Assert.Empty(RealSchemas.Validate(ns));
        Assert.Empty(RealSchemas.Validate(policy));
        Assert.Equal("kubernetes-portal", ns["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.True(DrillObjects.IsIsolating(policy, DrillId));
        Assert.False(DrillObjects.IsIsolating(policy, Guid.NewGuid()));
    }

    [CrdsFact]
    public void CheckJobs_AreValidJobs_AndKeepTheDatabasePasswordInTheSecret()
    {
        var http = DrillCheckJobs.Http(new DrillCheck(DrillCheckKind.HttpGet, "catalog-api", 80, "/healthz", 200), "catalog-drill-0abc1234",
            DrillCheckJobs.JobName(DrillId, 0), "curlimages/curl:8.11.1", Labels);
        var credentials = new SecretKeyReference("shop-db-app", "username", "password");
        var pg = DrillCheckJobs.Sql(new DrillCheck(DrillCheckKind.SqlRowCount, DatabaseId: Guid.NewGuid(), DatabaseName: "shop", Table: "public.orders", MinimumRows: 10),
            new DrillDatabase(DatabaseEngine.PostgreSql, "shop-db-rw.shop-payments.svc", 5432, credentials, "postgres:16"),
            "shop-payments-drill-0abc1234", DrillCheckJobs.JobName(DrillId, 1), Labels);
        var mysql = DrillCheckJobs.Sql(new DrillCheck(DrillCheckKind.SqlQueryTrue, DatabaseId: Guid.NewGuid(), DatabaseName: "billing", Query: "select count(*) > 0 from invoices where paid = 'yes'"),
            new DrillDatabase(DatabaseEngine.MySql, "billing-mysql", 3306, credentials, "mysql:8.0"), "billing-drill-0abc1234", DrillCheckJobs.JobName(DrillId, 2), Labels);

        foreach (var job in new[] { http, pg, mysql }) Assert.Empty(RealSchemas.Validate(job));
        var env = pg["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Equal("shop-db-rw", env.Single(e => e!["name"]!.GetValue<string>() == "PGHOST")!["value"]!.GetValue<string>()); // inside the scratch namespace
        Assert.Equal("shop-db-app", env.Single(e => e!["name"]!.GetValue<string>() == "PGPASSWORD")!["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>());
        Assert.DoesNotContain("password", pg["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.ToJsonString());
        Assert.True(DrillCheckJobs.JobName(Guid.NewGuid(), 19).Length <= 63);
    }

    [Fact]
    public async Task Gateway_MakesIsolatesListsAndRemovesOnlyItsOwnScratchNamespace()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var drills = new KubernetesDrillGateway(MigrationSimulator.Gateway());
        var conn = sim.Connection();
        const string scratch = "catalog-drill-0abc1234";

        Assert.Equal(ScratchNamespaceResult.Created, await drills.CreateScratchNamespaceAsync(conn, scratch, DrillId, Labels, CancellationToken.None));
        Assert.Equal(ScratchNamespaceResult.AlreadyThisDrills, await drills.CreateScratchNamespaceAsync(conn, scratch, DrillId, Labels, CancellationToken.None));
        Assert.Equal(ScratchNamespaceResult.Taken, await drills.CreateScratchNamespaceAsync(conn, "catalog", DrillId, Labels, CancellationToken.None));
        Assert.True(await drills.IsolateAsync(conn, scratch, DrillId, Labels, CancellationToken.None));
        var found = Assert.Single(await drills.ListScratchNamespacesAsync(conn, CancellationToken.None));
        Assert.Equal((scratch, DrillId), (found.Name, found.DrillId));

        var foreign = await Assert.ThrowsAsync<ClusterAccessException>(() => drills.DeleteScratchNamespaceAsync(conn, "catalog", DrillId, CancellationToken.None));
        Assert.Equal(ClusterFault.Conflict, foreign.Fault);
        Assert.NotNull(sim.Store.Get("v1", "Namespace", null, "catalog"));
        Assert.True(await drills.DeleteScratchNamespaceAsync(conn, scratch, DrillId, CancellationToken.None));
        Assert.False(await drills.DeleteRestoreAsync(conn, "velero", "portal-drill-gone", CancellationToken.None));
    }
}
