using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary>Gateway calls against the scripted API server: what goes over the wire and how answers are read.</summary>
public class GatewayScriptedTests
{
    private static VeleroBackupSpec Spec(string requestId) => VeleroObjectBuilderTests.BackupSpec() with
    {
        Labels = new Dictionary<string, string> { [PortalLabels.RequestId] = requestId },
    };

    [Fact]
    public async Task Probe_GoodToken_ReturnsServerVersion()
    {
        await using var server = await ScriptedApiServer.StartAsync();

        var probe = await GatewayFactory.Create().ProbeAsync(server.Connection(), CancellationToken.None);

        Assert.Equal("v1.32.0-scripted", probe.ServerVersion);
    }

    [Fact]
    public async Task Probe_WrongToken_IsUnauthorized()
    {
        await using var server = await ScriptedApiServer.StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().ProbeAsync(server.Connection("wrong"), CancellationToken.None));

        Assert.Equal(ClusterFault.Unauthorized, e.Fault);
    }

    [Fact]
    public async Task EnsureBackup_New_AppliesBuiltObjectWithFieldManagerAndStrictValidation()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        var spec = Spec("r1");

        var status = await GatewayFactory.Create().EnsureBackupAsync(server.Connection(), "velero", spec, CancellationToken.None);

        Assert.Equal(spec.Name, status.Name);
        var (query, contentType, body) = Assert.Single(server.Applies);
        Assert.StartsWith("application/apply-patch+yaml", contentType);
        Assert.Contains("fieldValidation=Strict", query);
        Assert.Contains("fieldManager=kubernetes-portal", query);
        Assert.Contains("force=false", query); // nothing of that name existed: nothing to take over
        Assert.Equal(VeleroObjectBuilder.Backup(spec, "velero").ToJsonString(), body);
    }

    [Fact]
    public async Task EnsureBackup_ExistingFromSameRequest_AdoptedWithoutAWrite()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        var spec = Spec("r1");
        var existing = ScriptedApiServer.Velero(spec.Name, "9", "InProgress", 20, 4);
        existing["metadata"]!["labels"] = new JsonObject { [PortalLabels.RequestId] = "r1" };
        server.Objects[spec.Name] = existing;

        await GatewayFactory.Create().EnsureBackupAsync(server.Connection(), "velero", spec, CancellationToken.None);

        Assert.Empty(server.Applies);
    }

    [Fact]
    public async Task EnsureBackup_ExistingFromSameRequest_ReturnsItsStatus()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        var spec = Spec("r1");
        var existing = ScriptedApiServer.Velero(spec.Name, "9", "InProgress", 20, 4);
        existing["metadata"]!["labels"] = new JsonObject { [PortalLabels.RequestId] = "r1" };
        server.Objects[spec.Name] = existing;

        var status = await GatewayFactory.Create().EnsureBackupAsync(server.Connection(), "velero", spec, CancellationToken.None);

        Assert.Equal(("InProgress", 4), (status.Phase, status.ItemsDone));
    }

    [Fact]
    public async Task EnsureBackup_ExistingFromOtherRequest_IsConflict()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        var spec = Spec("r1");
        var existing = ScriptedApiServer.Velero(spec.Name, "9", "Completed");
        existing["metadata"]!["labels"] = new JsonObject { [PortalLabels.RequestId] = "someone-else" };
        server.Objects[spec.Name] = existing;

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().EnsureBackupAsync(server.Connection(), "velero", spec, CancellationToken.None));

        Assert.Equal(ClusterFault.Conflict, e.Fault);
        Assert.Contains($"an object named {spec.Name}", e.Message);
        Assert.Contains("already exists and was not made by this request", e.Message);
    }

    [Fact]
    public async Task EnsureBackup_VeleroNotServed_IsToolMissing()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        server.VeleroServed = false;

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().EnsureBackupAsync(server.Connection(), "velero", Spec("r1"), CancellationToken.None));

        Assert.Equal(ClusterFault.ToolMissing, e.Fault);
    }

    [Fact]
    public async Task GetBackup_Missing_ReturnsNull()
    {
        await using var server = await ScriptedApiServer.StartAsync();

        Assert.Null(await GatewayFactory.Create().GetBackupAsync(server.Connection(), "velero", "nope", CancellationToken.None));
    }

    [Fact]
    public async Task Probe_StoppedServer_IsUnreachable()
    {
        var server = await ScriptedApiServer.StartAsync();
        var connection = server.Connection();
        await server.DisposeAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => GatewayFactory.Create().ProbeAsync(connection, CancellationToken.None));

        Assert.Equal(ClusterFault.Unreachable, e.Fault);
        Assert.Contains("connection was refused", e.Message);
    }

    [Fact]
    public void ClientFactory_SameCredential_ReusesClientAndNewCredentialGetsNewClient()
    {
        var options = Options.Create(GatewayFactory.FastOptions());
        using var factory = new KubernetesClientFactory(options, NullLogger<KubernetesClientFactory>.Instance);
        var id = Guid.NewGuid();
        var first = new ClusterConnection(id, "c", new KubeconfigText().ToString());
        var rotated = first with { Kubeconfig = new KubeconfigText(Token: "rotated").ToString() };

        var a = factory.GetClient(first);
        var b = factory.GetClient(first);
        var c = factory.GetClient(rotated);

        Assert.Same(a, b);
        Assert.NotSame(a, c);
    }

    [Fact]
    public void ClientFactory_InvalidKubeconfig_ThrowsInvalid()
    {
        using var factory = new KubernetesClientFactory(Options.Create(GatewayFactory.FastOptions()), NullLogger<KubernetesClientFactory>.Instance);

        var e = Assert.Throws<ClusterAccessException>(() => factory.GetClient(new ClusterConnection(Guid.NewGuid(), "c", "garbage: [")));

        Assert.Equal(ClusterFault.Invalid, e.Fault);
    }

    [Fact]
    public void AddPortalKubernetes_Registers_SingletonGateway()
    {
        var services = new ServiceCollection();
        services.AddPortalKubernetes();
        using var provider = services.BuildServiceProvider();

        var a = provider.GetRequiredService<IClusterGateway>();
        var b = provider.GetRequiredService<IClusterGateway>();

        Assert.IsType<KubernetesClusterGateway>(a);
        Assert.Same(a, b);
    }

    [Fact]
    public void AddPortalKubernetes_Registers_SingletonMigrationGateway()
    {
        var services = new ServiceCollection();
        services.AddPortalKubernetes(o => o.DiscoveryCacheDuration = TimeSpan.FromMinutes(1));
        using var provider = services.BuildServiceProvider();

        var a = provider.GetRequiredService<IMigrationClusterGateway>();

        Assert.IsType<Portal.Kubernetes.Moves.KubernetesMigrationGateway>(a);
        Assert.Same(a, provider.GetRequiredService<IMigrationClusterGateway>());
        Assert.Same(a, provider.GetRequiredService<Portal.Kubernetes.Moves.KubernetesMigrationGateway>());
    }
}
