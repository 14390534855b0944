using System.Security.Cryptography.X509Certificates;
using Portal.Execution.Moves;

namespace Portal.UnitTests.Execution;

public class TransferTlsTests
{
    [Fact]
    public void ServerCertificate_ChainsToThisCopysAuthorityOnly_ForTheCheckedName_WithItsKey()
    {
        var now = DateTimeOffset.UtcNow;
        var tls = TransferTls.Create(now);
        using var ca = X509Certificate2.CreateFromPem(tls.CaCertificatePem);
        using var server = X509Certificate2.CreateFromPem(tls.ServerCertificatePem, tls.ServerKeyPem);
        Assert.True(server.HasPrivateKey);
        Assert.True(server.MatchesHostname(TransferTls.ServerName));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(server), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        // Another copy's authority does not vouch for it.
        using var other = X509Certificate2.CreateFromPem(TransferTls.Create(now).CaCertificatePem);
        using var foreign = new X509Chain();
        foreign.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        foreign.ChainPolicy.CustomTrustStore.Add(other);
        foreign.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.False(foreign.Build(server));
        Assert.DoesNotContain("PRIVATE KEY", tls.CaCertificatePem + tls.ServerCertificatePem);
    }
}
