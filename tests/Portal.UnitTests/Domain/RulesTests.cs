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

    [Theory]
    [InlineData("kube-system", "belongs to the cluster itself")]
    [InlineData("kube-node-lease", "belongs to the cluster itself")]
    [InlineData("default", "belongs to the cluster itself")]
    [InlineData("openshift", "belongs to the cluster itself")]
    [InlineData("portal-system", "belongs to the cluster itself")]
    [InlineData("kube-anything", "Names starting with 'kube-' are kept for the cluster's own namespaces")]
    [InlineData("openshift-monitoring", "Names starting with 'openshift-' are kept for the cluster's own namespaces")]
    public void TenantNamespaceName_ClusterOwnNamespace_IsRefusedInWords(string name, string expected) =>
        Assert.Contains(expected, TenantNamespaceName.Explain(name));

    [Theory]
    [InlineData("shop-copy")]
    [InlineData("kubeflow")]
    [InlineData("my-kube-app")]
    public void TenantNamespaceName_OrdinaryName_IsAccepted(string name) => Assert.Null(TenantNamespaceName.Explain(name));

    [Fact]
    public void TenantNamespaceName_VeleroNamespaceOfTheCluster_IsRefused()
    {
        Assert.Contains("belongs to the cluster itself", TenantNamespaceName.Explain("backup-system", "namespace name", "backup-system"));
        Assert.Null(TenantNamespaceName.Explain("backup-system", "namespace name", "velero"));
    }

    [Fact]
    public void ReservedNamespace_EveryPlaceANamespaceIsNamed_RefusesIt()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Throws<DomainException>(() => new Portal.Domain.Tenants.TenantNamespace(Guid.NewGuid(), Guid.NewGuid(), "kube-new", now, "t"));
        Assert.Throws<DomainException>(() => OperationRequest.ForRestore(Guid.NewGuid(), Guid.NewGuid(), "shop",
            new RestoreParameters("b", "kube-new", ExistingResourcePolicy.None, true), "u", "U", null, now));
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
