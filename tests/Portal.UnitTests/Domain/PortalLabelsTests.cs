using Portal.Domain.Common;

namespace Portal.UnitTests.Domain;

public class PortalLabelsTests
{
    [Fact]
    public void Keys_ByDefault_AreUnderTheDefaultDomainNotAnExampleDomain()
    {
        Assert.Equal("kubernetes-portal.io", PortalLabels.Domain);
        Assert.Equal("kubernetes-portal.io/request-id", PortalLabels.RequestId);
        Assert.Equal("kubernetes-portal.io/migration-application", PortalLabels.MigrationApplication);
        Assert.Equal("app.kubernetes.io/managed-by", PortalLabels.ManagedBy);
    }

    [Theory]
    [InlineData("portal.example.com")]
    [InlineData("backup.platform.acme-corp.eu")]
    [InlineData("acme")]
    public void ExplainInvalid_DnsSubdomain_IsAccepted(string domain) => Assert.Null(PortalLabels.ExplainInvalid(domain));

    [Theory]
    [InlineData("")]
    [InlineData("Portal.Example.com")]
    [InlineData("portal.example.com/")]
    [InlineData("https://portal.example.com")]
    [InlineData("-portal.example.com")]
    [InlineData("portal..example.com")]
    [InlineData(" portal.example.com")]
    public void UseDomain_NotADnsSubdomain_IsRefusedWithTheReason(string domain)
    {
        var ex = Assert.Throws<ArgumentException>(() => PortalLabels.UseDomain(domain));
        Assert.Contains("not valid", ex.Message);
        Assert.Equal(PortalLabels.DefaultDomain, PortalLabels.Domain);
    }
}
