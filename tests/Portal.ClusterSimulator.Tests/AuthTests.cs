using System.Net;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Get_WithoutToken_Returns401StatusBody()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var anonymous = new ApiClient(cluster, sendToken: false);

        var (code, body) = await anonymous.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.Unauthorized, code);
        Assert.Equal("Status", (string?)body?["kind"]);
        Assert.Equal("Failure", (string?)body?["status"]);
        Assert.Equal("Unauthorized", (string?)body?["reason"]);
        Assert.Equal(401, (int?)body?["code"]);
    }

    [Fact]
    public async Task Get_WithWrongToken_Returns401()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster, token: "not-the-token");

        var (code, _) = await client.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.Unauthorized, code);
    }

    [Fact]
    public async Task Version_WithoutToken_IsAnonymous()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var anonymous = new ApiClient(cluster, sendToken: false);

        var (code, body) = await anonymous.GetAsync("/version");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("30", (string?)body?["minor"]);
        Assert.StartsWith("v1.30.", (string?)body?["gitVersion"]);
    }

    [Fact]
    public async Task RejectTokenFault_ValidToken_Returns401UntilCleared()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        cluster.Faults.RejectToken = true;
        var (rejected, _) = await client.GetAsync("/api/v1/namespaces");
        cluster.Faults.RejectToken = false;
        var (accepted, _) = await client.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.Unauthorized, rejected);
        Assert.Equal(HttpStatusCode.OK, accepted);
    }
}
