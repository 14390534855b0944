using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.List;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Clusters.Retire;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public class ClusterUseCaseTests
{
    private static string Kubeconfig(string server, string token = "t0ken", bool skipTls = false) =>
        $"apiVersion: v1\nclusters:\n- cluster:\n    server: {server}\n{(skipTls ? "    insecure-skip-tls-verify: true\n" : "")}users:\n- user:\n    token: {token}\n";

    private static async Task<CurrentPrincipal> PlatformEngineerAsync(PortalTestHost host, ScopeKind scope = ScopeKind.Estate, Guid? clusterId = null)
    {
        await using var db = await host.OpenAllAsync();
        var user = new PortalUser($"pe-{Guid.NewGuid():N}", "Pat Platform", "pat@example.com");
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), Persona.PlatformEngineer, scope, clusterId: clusterId));
        await db.SaveChangesAsync();
        return new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
    }

    private static Task<Result<ClusterHealthView>> RegisterAsync(PortalTestHost host, string name, string kubeconfig, bool allowHttp = false) =>
        host.RunAsync<RegisterCluster, Result<ClusterHealthView>>(u => u.HandleAsync(new RegisterClusterCommand(name, null, kubeconfig, allowHttp)));

    private static async Task<int> ClusterRowsAsync(PortalTestHost host)
    {
        await using var db = await host.OpenAllAsync();
        return await db.Clusters.CountAsync();
    }

    [Fact]
    public async Task Register_SameServerWrittenDifferently_IsRefusedNamingTheExistingCluster()
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        Assert.True((await RegisterAsync(host, "prod-east", Kubeconfig("https://api.example.com:6443"))).IsSuccess);

        var again = await RegisterAsync(host, "prod-east-2", Kubeconfig("HTTPS://API.Example.com:6443/"));

        Assert.Equal(ErrorKind.Conflict, again.Error!.Kind);
        Assert.Contains("already registered as cluster prod-east", again.Error.Message);
        Assert.Equal(1, await ClusterRowsAsync(host));
    }

    [Fact]
    public async Task Register_DefaultPortWrittenOut_IsTheSameServer()
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        Assert.True((await RegisterAsync(host, "one", Kubeconfig("https://k8s.example.com"))).IsSuccess);
        var again = await RegisterAsync(host, "two", Kubeconfig("https://k8s.example.com:443"));
        Assert.Contains("already registered as cluster one", again.Error!.Message);
    }

    [Theory]
    [InlineData(ClusterFault.Unreachable, "connection was refused")]
    [InlineData(ClusterFault.Unauthorized, "rejected the credential")]
    public async Task Register_ConnectionFails_LeavesNoClusterRecord(ClusterFault fault, string words)
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        host.Cluster.ProbeFailures["bad-token"] = new ClusterAccessException(fault, $"Cluster new: {words}.");

        var result = await RegisterAsync(host, "new", Kubeconfig("https://new.example.com:6443", "bad-token"));

        Assert.False(result.IsSuccess);
        Assert.Contains(words, result.Error!.Message);
        Assert.Contains("nothing was saved", result.Error.Message);
        Assert.Equal(0, await ClusterRowsAsync(host));
    }

    [Fact]
    public async Task Register_PlainHttp_IsRefusedUnlessExplicitlyAllowedAndAudited()
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);

        var refused = await RegisterAsync(host, "plain", Kubeconfig("http://plain.example.com:8080"));
        Assert.Contains("plain http", refused.Error!.Message);
        Assert.Empty(host.Cluster.Probed);

        var allowed = await RegisterAsync(host, "plain", Kubeconfig("http://plain.example.com:8080"), allowHttp: true);
        Assert.True(allowed.IsSuccess, allowed.Error?.Message);
        Assert.True(allowed.Value!.AllowInsecureHttp);
        await using var db = await host.OpenAllAsync();
        Assert.Contains(await db.AuditEvents.Select(e => e.Summary).ToListAsync(), s => s.Contains("insecure http explicitly allowed"));
    }

    [Theory]
    [InlineData("https://169.254.169.254")]
    [InlineData("https://[fe80::1]:6443")]
    [InlineData("https://[fd00:ec2::254]")]
    [InlineData("https://100.100.100.200")]
    [InlineData("https://metadata.google.internal")]
    [InlineData("https://Metadata.Google.Internal./computeMetadata")]
    public async Task Register_MetadataOrLinkLocalAddress_IsRefusedBeforeConnecting(string server)
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        var result = await RegisterAsync(host, "meta", Kubeconfig(server));
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Matches("metadata|link-local", result.Error.Message);
        Assert.Empty(host.Cluster.Probed);
        Assert.Equal(0, await ClusterRowsAsync(host));
    }

    [Fact]
    public async Task Register_HostNameResolvingToMetadataAddress_IsRefusedBeforeConnecting()
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        host.Cluster.Dns["innocent.example.com"] = [IPAddress.Parse("10.1.2.3"), IPAddress.Parse("169.254.169.254")];
        var result = await RegisterAsync(host, "sneaky", Kubeconfig("https://innocent.example.com:6443"));
        Assert.Contains("innocent.example.com (169.254.169.254)", result.Error!.Message);
        Assert.Empty(host.Cluster.Probed);
    }

    [Fact]
    public async Task Register_SkipTlsVerify_IsMarkedOnTheCluster()
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        var result = await RegisterAsync(host, "lab", Kubeconfig("https://lab.example.com:6443", skipTls: true));
        Assert.True(result.Value!.InsecureSkipTlsVerify);
        var listed = await host.RunAsync<ListClusters, Result<IReadOnlyList<ClusterSummary>>>(u => u.HandleAsync(new ListClustersQuery()));
        Assert.True(Assert.Single(listed.Value!).Status.InsecureSkipTlsVerify);
    }

    [Fact]
    public async Task Rotation_NewTokenThatFails_KeepsTheStoredCredential()
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        var id = (await RegisterAsync(host, "rot", Kubeconfig("https://rot.example.com:6443", "old"))).Value!.ClusterId;
        host.Cluster.ProbeFailures["wrong"] = new ClusterAccessException(ClusterFault.Unauthorized, "Cluster rot rejected the credential.");

        var failed = await host.RunAsync<UpdateClusterCredentials, Result<ClusterHealthView>>(u =>
            u.HandleAsync(new UpdateClusterCredentialsCommand(id, Kubeconfig("https://rot.example.com:6443", "wrong"))));
        Assert.Contains("stored credential was kept", failed.Error!.Message);

        var ok = await host.RunAsync<UpdateClusterCredentials, Result<ClusterHealthView>>(u =>
            u.HandleAsync(new UpdateClusterCredentialsCommand(id, Kubeconfig("https://rot.example.com:6443", "new"))));
        Assert.True(ok.IsSuccess, ok.Error?.Message);
        await using var db = await host.OpenAllAsync();
        var protector = (Portal.Application.Abstractions.ICredentialProtector)host.Services.GetService(typeof(Portal.Application.Abstractions.ICredentialProtector))!;
        Assert.Contains("token: new", protector.Unprotect((await db.Clusters.SingleAsync()).EncryptedKubeconfig));
        Assert.Single(await db.AuditEvents.Where(e => e.Action == "cluster.credentials-replaced").ToListAsync());
    }

    [Fact]
    public async Task Rotation_KubeconfigOfAnotherServer_IsRefusedUnlessTheServerMoved()
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        var id = (await RegisterAsync(host, "rot", Kubeconfig("https://rot.example.com:6443"))).Value!.ClusterId;
        Assert.True((await RegisterAsync(host, "other", Kubeconfig("https://other.example.com:6443"))).IsSuccess);

        var refused = await host.RunAsync<UpdateClusterCredentials, Result<ClusterHealthView>>(u =>
            u.HandleAsync(new UpdateClusterCredentialsCommand(id, Kubeconfig("https://moved.example.com:6443"))));
        Assert.Contains("A rotation keeps the same server", refused.Error!.Message);
        var duplicate = await host.RunAsync<UpdateClusterCredentials, Result<ClusterHealthView>>(u =>
            u.HandleAsync(new UpdateClusterCredentialsCommand(id, Kubeconfig("https://other.example.com:6443"), ServerMoved: true)));
        Assert.Contains("already registered as cluster other", duplicate.Error!.Message);
        var moved = await host.RunAsync<UpdateClusterCredentials, Result<ClusterHealthView>>(u =>
            u.HandleAsync(new UpdateClusterCredentialsCommand(id, Kubeconfig("https://moved.example.com:6443"), ServerMoved: true)));
        Assert.True(moved.IsSuccess, moved.Error?.Message);
    }

    [Fact]
    public async Task Retire_ClusterInUse_IsRefusedNamingWhatUsesIt()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        host.Principal.Current = await PlatformEngineerAsync(host);

        var refused = await host.RunAsync<RetireCluster, Result<RetiredCluster>>(u => u.HandleAsync(new RetireClusterCommand(w.ClusterId)));

        Assert.Equal(ErrorKind.Conflict, refused.Error!.Kind);
        foreach (var words in new[] { "request", "dump schedule", "registered database", "migration plan", "owned by tenants (alpha-ns, bravo-ns)" })
            Assert.Contains(words, refused.Error.Message);
        await using var db = await host.OpenAllAsync();
        Assert.Null((await db.Clusters.SingleAsync(c => c.Id == w.ClusterId)).RetiredAt);
    }

    [Fact]
    public async Task Retire_WithCascade_NeedsTheTypedNameThenEndsWhatUsesItAndAudits()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        host.Principal.Current = await PlatformEngineerAsync(host);

        var mistyped = await host.RunAsync<RetireCluster, Result<RetiredCluster>>(u => u.HandleAsync(new RetireClusterCommand(w.ClusterId, true, "shared")));
        Assert.Contains("Type the cluster's name, shared-1", mistyped.Error!.Message);

        var retired = await host.RunAsync<RetireCluster, Result<RetiredCluster>>(u => u.HandleAsync(new RetireClusterCommand(w.ClusterId, true, "shared-1")));

        Assert.True(retired.IsSuccess, retired.Error?.Message);
        await using var db = await host.OpenAllAsync();
        var cluster = await db.Clusters.SingleAsync(c => c.Id == w.ClusterId);
        Assert.NotNull(cluster.RetiredAt);
        Assert.Equal("", cluster.EncryptedKubeconfig);
        Assert.Empty(await db.TenantNamespaces.Where(n => n.ClusterId == w.ClusterId).ToListAsync());
        Assert.Equal(RequestStatus.Cancelled, (await db.Requests.SingleAsync(r => r.Id == w.BravoPendingRequest)).Status);
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "cluster.retired");
        Assert.Contains("released namespace alpha-ns", audit.Summary);
        var listed = await host.RunAsync<ListClusters, Result<IReadOnlyList<ClusterSummary>>>(u => u.HandleAsync(new ListClustersQuery()));
        Assert.DoesNotContain(listed.Value!, c => c.Status.ClusterId == w.ClusterId);
        var check = await host.RunAsync<CheckClusterConnection, Result<ClusterHealthView>>(u => u.HandleAsync(new CheckClusterConnectionCommand(w.ClusterId)));
        Assert.Contains("retired", check.Error!.Message);
    }

    [Fact]
    public async Task Retire_UnusedCluster_ByPlatformEngineerOfThatCluster_Succeeds_AndNameCanBeReused()
    {
        await using var host = await PortalTestHost.StartAsync();
        host.Principal.Current = await PlatformEngineerAsync(host);
        var id = (await RegisterAsync(host, "spare", Kubeconfig("https://spare.example.com:6443"))).Value!.ClusterId;
        host.Principal.Current = await PlatformEngineerAsync(host, ScopeKind.Cluster, id);

        var retired = await host.RunAsync<RetireCluster, Result<RetiredCluster>>(u => u.HandleAsync(new RetireClusterCommand(id)));
        Assert.True(retired.IsSuccess, retired.Error?.Message);

        host.Principal.Current = await PlatformEngineerAsync(host);
        Assert.True((await RegisterAsync(host, "spare", Kubeconfig("https://spare.example.com:6443"))).IsSuccess);
    }
}
