using System.Text.Json.Nodes;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Databases;

/// <summary>Reading CloudNativePG Backups through the database gateway, against the simulator's operator (demo Cluster
/// shop-db in shop-payments): one by name with its status, and a namespace's by label selector.</summary>
public class CnpgBackupReadTests
{
    private const string Owner = "kubernetes-portal.io/request-id";

    private static JsonObject Backup(string name, string owner) => JsonNode.Parse($$$"""
        {"apiVersion":"postgresql.cnpg.io/v1","kind":"Backup",
         "metadata":{"name":"{{{name}}}","namespace":"shop-payments","labels":{"{{{Owner}}}":"{{{owner}}}"}},
         "spec":{"cluster":{"name":"shop-db"},"method":"barmanObjectStore"}}
        """)!.AsObject();

    [Fact]
    public async Task GetCnpgBackup_AfterTheOperatorCompletedIt_ReturnsItsStatus()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), Backup("now-1", "r1"), Owner, CancellationToken.None);

        JsonObject? backup = null;
        for (var i = 0; i < 200 && backup?["status"]?["phase"]?.GetValue<string>() != "completed"; i++)
        {
            await Task.Delay(50);
            backup = await gateway.GetCnpgBackupAsync(sim.Connection(), "shop-payments", "now-1", CancellationToken.None);
        }

        Assert.Equal("completed", backup!["status"]!["phase"]!.GetValue<string>());
        Assert.StartsWith("s3://", backup["status"]!["destinationPath"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCnpgBackup_Missing_IsNull()
    {
        await using var sim = await Simulator.StartAsync();

        Assert.Null(await DatabaseGatewayFactory.Create().GetCnpgBackupAsync(sim.Connection(), "shop-payments", "nope", CancellationToken.None));
    }

    [Fact]
    public async Task ListCnpgBackups_BySelector_ReturnsOnlyTheMatchingOnes()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), Backup("mine-1", "r1"), Owner, CancellationToken.None);
        await gateway.ApplyAsync(sim.Connection(), Backup("theirs-1", "r2"), Owner, CancellationToken.None);

        var found = await gateway.ListCnpgBackupsAsync(sim.Connection(), "shop-payments", $"{Owner}=r1", CancellationToken.None);

        Assert.Equal("mine-1", Assert.Single(found)["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListCnpgBackups_OperatorNotInstalled_IsEmpty()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.FailRequests(404, pathContains: "/apis/postgresql.cnpg.io/");

        Assert.Empty(await DatabaseGatewayFactory.Create().ListCnpgBackupsAsync(sim.Connection(), "shop-payments", "cnpg.io/scheduled-backup=x",
            CancellationToken.None));
    }
}
