using Portal.Application.Features.Requests;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Application;

/// <summary>Who approves protection requests: a namespace's follow its tenant's policy (by default an SRE approves a
/// change; "back up now" is approved by policy, as a backup is); a cluster's own resources belong to no tenant, so
/// another platform engineer over the cluster approves them, never a tenant's SRE.</summary>
public class ProtectionApprovalTests
{
    private static readonly Guid Tenant = Guid.NewGuid(), Cluster = Guid.NewGuid();

    private static OperationRequest ClusterResources() => OperationRequest.ForProtection(RequestKind.ProtectionChange, Guid.Empty, Cluster, "velero",
        new ProtectionChangeParameters(ProtectionChangeKind.Protect, null, Guid.NewGuid(), "cluster-dr", ClusterResources: true),
        "priya", "Priya Platform", null, DateTimeOffset.UtcNow);

    private static AccessContext Caller(string id, params AccessGrant[] grants) => new(new CurrentPrincipal(id, id, $"{id}@example.test", []), grants);

    [Fact]
    public void Resolve_ProtectionKindsOfATenant_AreAutomaticUnlessTheTenantSaysOtherwise()
    {
        Assert.Equal((false, Persona.SreEngineer), ApprovalRules.Resolve(Tenant, RequestKind.ProtectionChange, null));
        Assert.Equal((true, Persona.SreEngineer),
            ApprovalRules.Resolve(Tenant, RequestKind.ProtectionChange, new ApprovalPolicy(Tenant, RequestKind.ProtectionChange, true, Persona.SreEngineer)));
        Assert.Equal((false, Persona.SreEngineer), ApprovalRules.Resolve(Tenant, RequestKind.ProtectionBackupNow, null));
        Assert.Equal((true, Persona.PlatformEngineer),
            ApprovalRules.Resolve(Tenant, RequestKind.ProtectionBackupNow, new ApprovalPolicy(Tenant, RequestKind.ProtectionBackupNow, true, Persona.PlatformEngineer)));
        Assert.Equal(Permission.ApproveBackup, ApprovalRules.ApprovePermission(RequestKind.ProtectionChange));
    }

    [Fact]
    public void Resolve_NoTenant_IsAnotherPlatformEngineersWhateverTheDefault()
    {
        Assert.Equal((true, Persona.PlatformEngineer), ApprovalRules.Resolve(Guid.Empty, RequestKind.ProtectionChange, null));
        Assert.Equal((true, Persona.PlatformEngineer), ApprovalRules.Resolve(Guid.Empty, RequestKind.ProtectionBackupNow, null));
    }

    [Fact]
    public void CanDecide_ClusterResourcesRequest_OnlyAnotherPlatformEngineerOverTheCluster()
    {
        var request = ClusterResources();
        var (_, approver) = ApprovalRules.Resolve(request.TenantId, request.Kind, null);

        var clusterPlatform = Caller("pat", new AccessGrant(Persona.PlatformEngineer, ScopeKind.Cluster, null, Cluster));
        var otherCluster = Caller("ola", new AccessGrant(Persona.PlatformEngineer, ScopeKind.Cluster, null, Guid.NewGuid()));
        var tenantSre = Caller("sam", new AccessGrant(Persona.SreEngineer, ScopeKind.Tenant, Tenant, null));
        var estateSre = Caller("sue", new AccessGrant(Persona.SreEngineer, ScopeKind.Estate, null, null));
        var requester = Caller("priya", new AccessGrant(Persona.PlatformEngineer, ScopeKind.Estate, null, null));

        Assert.True(ApprovalRules.CanDecide(clusterPlatform, request, approver));
        Assert.False(ApprovalRules.CanDecide(otherCluster, request, approver));
        Assert.False(ApprovalRules.CanDecide(tenantSre, request, approver));
        Assert.False(ApprovalRules.CanDecide(estateSre, request, approver));
        Assert.False(ApprovalRules.CanDecide(requester, request, approver));
    }
}
