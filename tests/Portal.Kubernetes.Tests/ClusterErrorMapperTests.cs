using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using k8s.Autorest;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Tests;

public class ClusterErrorMapperTests
{
    private static readonly ClusterConnection Cluster = new(Guid.NewGuid(), "prod-east", "kubeconfig");
    private static readonly KubeOperation ListBackups = new("list", "backups.velero.io", "velero");

    private static HttpOperationException Http(HttpStatusCode code, string body = "") => new($"status {(int)code}")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body),
    };

    private static ClusterAccessException Map(Exception e, CancellationToken ct = default) =>
        ClusterErrorMapper.Map(e, Cluster, ListBackups, ct)!;

    [Fact]
    public void Map_401_IsUnauthorizedWithPlainMessage()
    {
        var mapped = Map(Http(HttpStatusCode.Unauthorized));

        Assert.Equal(ClusterFault.Unauthorized, mapped.Fault);
        Assert.StartsWith("The cluster rejected the credential (expired or revoked token?)", mapped.Message);
        Assert.False(mapped.IsTransient);
    }

    [Fact]
    public void Map_403_NamesVerbAndResource()
    {
        var body = """{"kind":"Status","status":"Failure","message":"backups.velero.io is forbidden: User \"sa\" cannot list resource \"backups\"","reason":"Forbidden","code":403}""";

        var mapped = Map(Http(HttpStatusCode.Forbidden, body));

        Assert.Equal(ClusterFault.Forbidden, mapped.Fault);
        Assert.Contains("not allowed to list backups.velero.io in namespace 'velero'", mapped.Message);
        Assert.Contains("cannot list resource", mapped.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, ClusterFault.NotFound)]
    [InlineData(HttpStatusCode.Conflict, ClusterFault.Conflict)]
    [InlineData(HttpStatusCode.UnprocessableEntity, ClusterFault.Invalid)]
    [InlineData(HttpStatusCode.InternalServerError, ClusterFault.ServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ClusterFault.ServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout, ClusterFault.Timeout)]
    public void Map_StatusCode_GivesFault(HttpStatusCode code, ClusterFault expected)
    {
        Assert.Equal(expected, Map(Http(code)).Fault);
    }

    [Fact]
    public void Map_422_CarriesStatusMessage()
    {
        var body = """{"kind":"Status","message":"Backup.velero.io \"x\" is invalid: spec.ttl: Invalid value","reason":"Invalid","code":422}""";

        Assert.Contains("spec.ttl: Invalid value", Map(Http(HttpStatusCode.UnprocessableEntity, body)).Message);
    }

    [Fact]
    public void Map_ConnectionRefused_IsUnreachableSayingRefused()
    {
        var e = new HttpRequestException("boom", new SocketException((int)SocketError.ConnectionRefused));

        var mapped = Map(e);

        Assert.Equal(ClusterFault.Unreachable, mapped.Fault);
        Assert.Contains("connection was refused", mapped.Message);
        Assert.True(mapped.IsTransient);
    }

    [Fact]
    public void Map_DnsFailure_SaysDns()
    {
        var e = new HttpRequestException(HttpRequestError.NameResolutionError, "no such host", new SocketException((int)SocketError.HostNotFound));

        Assert.Contains("(DNS)", Map(e).Message);
    }

    [Fact]
    public void Map_UntrustedCertificate_SaysTlsNotTrusted()
    {
        var e = new HttpRequestException(HttpRequestError.SecureConnectionError, "ssl", new AuthenticationException("remote certificate invalid"));

        var mapped = Map(e);

        Assert.Equal(ClusterFault.Unreachable, mapped.Fault);
        Assert.Contains("TLS certificate is not trusted", mapped.Message);
    }

    [Fact]
    public void Map_CancellationNotFromCaller_IsTimeout()
    {
        Assert.Equal(ClusterFault.Timeout, Map(new TaskCanceledException()).Fault);
    }

    [Fact]
    public void Map_CancellationFromCaller_IsNotMapped()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Null(ClusterErrorMapper.Map(new TaskCanceledException(), Cluster, ListBackups, cts.Token));
    }

    [Fact]
    public void Map_AnyFault_NeverPrintsKubeconfig()
    {
        var secretCluster = Cluster with { Kubeconfig = "token: super-secret" };

        var mapped = ClusterErrorMapper.Map(Http(HttpStatusCode.Unauthorized), secretCluster, ListBackups, default)!;

        Assert.DoesNotContain("super-secret", mapped.Message);
    }
}
