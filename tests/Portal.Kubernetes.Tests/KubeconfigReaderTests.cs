using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

public class KubeconfigReaderTests
{
    private static ClusterAccessException Rejects(KubeconfigText config) => Rejects(config.ToString());

    private static ClusterAccessException Rejects(string text)
    {
        var e = Assert.Throws<ClusterAccessException>(() => KubeconfigReader.Parse(text));
        Assert.Equal(ClusterFault.Invalid, e.Fault);
        return e;
    }

    [Fact]
    public void Parse_TokenConfig_ReportsServerTokenAndContext()
    {
        var parsed = KubeconfigReader.Parse(new KubeconfigText().ToString());

        Assert.Equal("https://api.example.test:6443", parsed.ServerUrl);
        Assert.True(parsed.UsesBearerToken);
        Assert.False(parsed.UsesClientCertificate);
        Assert.False(parsed.InsecureSkipTlsVerify);
        Assert.Equal("ctx", parsed.ContextName);
    }

    [Fact]
    public void Parse_ClientCertificateConfig_ReportsClientCertificate()
    {
        var parsed = KubeconfigReader.Parse(new KubeconfigText(Token: null,
            ClientCertData: TestCertificates.CertBase64, ClientKeyData: TestCertificates.KeyBase64).ToString());

        Assert.True(parsed.UsesClientCertificate);
        Assert.False(parsed.UsesBearerToken);
    }

    [Fact]
    public void Parse_InsecureSkipTlsVerifyWithoutCa_IsAllowedAndReported()
    {
        var parsed = KubeconfigReader.Parse(new KubeconfigText(CaData: null, InsecureSkipTlsVerify: true).ToString());

        Assert.True(parsed.InsecureSkipTlsVerify);
    }

    [Fact]
    public void Parse_GarbageText_SaysNotYaml()
    {
        var e = Rejects("this is : not : yaml : [at all");

        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void Parse_PlainSentence_SaysNotAKubeconfig()
    {
        var e = Rejects("hello, I am not a kubeconfig");

        Assert.Contains("not a kubeconfig", e.Message);
    }

    [Fact]
    public void Parse_Empty_SaysEmpty()
    {
        Assert.Contains("empty", Rejects("  ").Message);
    }

    [Fact]
    public void Parse_NoClusters_SaysNoClusters()
    {
        Assert.Contains("names no clusters", Rejects(new KubeconfigText(IncludeClusters: false)).Message);
    }

    [Fact]
    public void Parse_NoContexts_SaysNoContexts()
    {
        Assert.Contains("has no contexts", Rejects(new KubeconfigText(IncludeContexts: false)).Message);
    }

    [Fact]
    public void Parse_UnknownCurrentContext_NamesIt()
    {
        var e = Rejects(new KubeconfigText(CurrentContext: "prod"));

        Assert.Contains("current-context 'prod' is not one of its contexts (ctx)", e.Message);
    }

    [Fact]
    public void Parse_NoCurrentContextButSingleContext_UsesIt()
    {
        Assert.Equal("ctx", KubeconfigReader.Parse(new KubeconfigText(CurrentContext: null).ToString()).ContextName);
    }

    [Fact]
    public void Parse_MissingServer_SaysNoServerUrl()
    {
        Assert.Contains("Cluster 'c1' has no server URL", Rejects(new KubeconfigText(Server: null)).Message);
    }

    [Theory]
    [InlineData("ftp://api.example.test")]
    [InlineData("api.example.test:6443")]
    public void Parse_ServerNotHttpUrl_SaysNotHttps(string server)
    {
        Assert.Contains("is not an https:// URL", Rejects(new KubeconfigText(Server: server)).Message);
    }

    [Fact]
    public void Parse_MissingUserCredential_SaysNoCredential()
    {
        var e = Rejects(new KubeconfigText(Token: null));

        Assert.Contains("User 'u1' has no credential", e.Message);
    }

    [Fact]
    public void Parse_CertificateWithoutKey_SaysKeyMissing()
    {
        var e = Rejects(new KubeconfigText(Token: null, ClientCertData: TestCertificates.CertBase64));

        Assert.Contains("no client-key-data", e.Message);
    }

    [Fact]
    public void Parse_BadBase64Ca_SaysNotBase64()
    {
        var e = Rejects(new KubeconfigText(CaData: "not@base64$"));

        Assert.Contains("certificate-authority-data is not valid base64", e.Message);
    }

    [Fact]
    public void Parse_Base64CaThatIsNotPem_SaysNoPemCertificate()
    {
        var e = Rejects(new KubeconfigText(CaData: Convert.ToBase64String("just text"u8.ToArray())));

        Assert.Contains("does not hold a PEM certificate", e.Message);
    }

    [Fact]
    public void Parse_HttpsWithoutCaAndWithoutSkip_AsksForCa()
    {
        Assert.Contains("has no certificate-authority-data", Rejects(new KubeconfigText(CaData: null)).Message);
    }

    [Fact]
    public void Parse_ExecPlugin_IsRefusedBecausePortalRunsNoCommands()
    {
        var e = Rejects(new KubeconfigText(Token: null, ExecCommand: "aws"));

        Assert.Contains("exec plugin ('aws')", e.Message);
    }

    [Fact]
    public void Parse_AnyRejection_NeverEchoesTheToken()
    {
        var e = Rejects(new KubeconfigText(Server: null, Token: "s3cr3t-token-value"));

        Assert.DoesNotContain("s3cr3t", e.Message);
    }
}
