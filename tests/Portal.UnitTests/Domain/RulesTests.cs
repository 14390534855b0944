using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Domain;

public class RulesTests
{
    [Theory]
    [InlineData("shop-frontend", true)]
    [InlineData("a", true)]
    [InlineData("Shop", false)]
    [InlineData("-shop", false)]
    [InlineData("shop-", false)]
    [InlineData("shop_front", false)]
    [InlineData("", false)]
    public void KubernetesName_IsValidLabel_FollowsDns1123(string name, bool valid) =>
        Assert.Equal(valid, KubernetesName.IsValidLabel(name));

    [Fact]
    public void KubernetesName_TooLong_SaysHowLong()
    {
        var why = KubernetesName.ExplainInvalidLabel(new string('a', 64), "namespace name");
        Assert.Contains("64 characters", why);
    }

    [Fact]
    public void ApprovalPolicy_Default_BackupsAutomaticRestoresNeedSre()
    {
        Assert.False(ApprovalPolicy.Default(RequestKind.NamespaceBackup).RequiresApproval);
        Assert.Equal((true, Persona.SreEngineer), ApprovalPolicy.Default(RequestKind.NamespaceRestore));
    }

    [Fact]
    public void ApprovalPolicy_ApproverWhoCannotApprove_IsRefused() =>
        Assert.Throws<DomainException>(() => new ApprovalPolicy(Guid.NewGuid(), RequestKind.NamespaceRestore, true, Persona.ApplicationOwner));

    [Fact]
    public void Personas_OnlyApproversMayApprove()
    {
        Assert.False(Persona.ApplicationOwner.Grants(Permission.ApproveRestore));
        Assert.True(Persona.SreEngineer.Grants(Permission.ApproveRestore));
        Assert.False(Persona.SreEngineer.Grants(Permission.ManageClusters));
        Assert.True(Persona.PlatformEngineer.Grants(Permission.ManageClusters));
    }

    [Fact]
    public void ScopeBinding_TenantScopeWithoutTenant_IsRefused() =>
        Assert.Throws<DomainException>(() => new ScopeBinding(PrincipalKind.User, "u1", Persona.SreEngineer, ScopeKind.Tenant));
}
