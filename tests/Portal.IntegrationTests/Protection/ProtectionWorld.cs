using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Decide;
using Portal.Domain.Protection;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Protection;

/// <summary>What the protection tests share: policies and grants put straight into the database (their pages are
/// another use case's), approval, the Schedule on the simulated cluster, the protection row.</summary>
internal static class ProtectionWorld
{
    public static async Task<ProtectionPolicy> PolicyAsync(JourneyWorld w, string name, string cron = "0 * * * *", bool grant = true,
        ProtectionTarget target = ProtectionTarget.Namespace, TimeSpan? rpo = null)
    {
        var policy = new ProtectionPolicy(name, target, new ProtectionPolicySettings(cron, "Europe/Berlin", TimeSpan.FromDays(7),
            rpo ?? TimeSpan.FromHours(2), target == ProtectionTarget.Namespace ? VolumeProtection.CsiSnapshots : VolumeProtection.None, null,
            ["events"], target == ProtectionTarget.Namespace
                ? [new BackupHook("flush", HookPhase.Pre, "app=shop", null, ["/bin/sync"], HookOnError.Continue, TimeSpan.FromSeconds(30))]
                : []), "priya", DateTimeOffset.UtcNow);
        await using var db = await w.Portal.OpenAllAsync();
        db.ProtectionPolicies.Add(policy);
        if (grant) db.ProtectionPolicyGrants.Add(new ProtectionPolicyGrant(w.TenantId, policy.Id, "priya", DateTimeOffset.UtcNow));
        // Protection changes go straight to the queue by default; this tenant wants an SRE to look first, so the
        // tests can change the cluster between approval and execution, and reject.
        if (!await db.ApprovalPolicies.AnyAsync(p => p.TenantId == w.TenantId && p.Kind == RequestKind.ProtectionChange))
            db.ApprovalPolicies.Add(new ApprovalPolicy(w.TenantId, RequestKind.ProtectionChange, true, Portal.Domain.Access.Persona.SreEngineer));
        await db.SaveChangesAsync();
        return policy;
    }

    public static async Task ApproveAsync(JourneyWorld w, Guid requestId, bool approve = true)
    {
        w.As(w.Sre);
        JourneyWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u =>
            u.HandleAsync(new DecideOnRequestCommand(requestId, approve, approve ? null : "not now"))));
    }

    public static JsonObject? Schedule(JourneyWorld w, Guid protectionId) =>
        w.Cluster.Store.Get("velero.io/v1", "Schedule", "velero", $"portal-protect-{protectionId:N}");

    public static int PortalSchedules(JourneyWorld w) =>
        w.Cluster.Store.List("velero.io/v1", "Schedule", "velero").Count(s => s["metadata"]?["labels"]?["kubernetes-portal.io/protection-id"] is not null);

    public static async Task<NamespaceProtection?> ProtectionAsync(JourneyWorld w, Guid id)
    {
        await using var db = await w.Portal.OpenAllAsync();
        return await db.NamespaceProtections.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id);
    }

    public static async Task<int> ProtectionCountAsync(JourneyWorld w)
    {
        await using var db = await w.Portal.OpenAllAsync();
        return await db.NamespaceProtections.CountAsync();
    }

    public static string? Label(JsonNode? obj, string key) => obj?["metadata"]?["labels"]?[key]?.GetValue<string>();

    public static string SpecHash(JsonObject schedule) =>
        Portal.Kubernetes.ScheduleSpecHash.Of(JsonSerializer.SerializeToElement(schedule["spec"]));

    public static IServiceScopeFactory Scopes(JourneyWorld w) => w.Portal.Services.GetRequiredService<IServiceScopeFactory>();
}
