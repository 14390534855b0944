using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Policies;
using Portal.Domain.Protection;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Protection;

/// <summary>Protection policies on PostgreSQL: a policy with hooks and excluded resources is stored and read back whole,
/// the lists' queries (visible policies, counts per policy and tenant) run on the real provider, and a stale edit is
/// refused.</summary>
public class ProtectionPolicyStoreTests
{
    private static ProtectionPolicyInput Gold(string cron = "0 * * * *") => new("business-critical", cron, "Europe/Berlin", TimeSpan.FromDays(7),
        TimeSpan.FromHours(2), VolumeProtection.CsiSnapshotsMovedToObjectStorage, null, ["events", "events.events.k8s.io"],
        [new BackupHook("freeze", HookPhase.Pre, "app.kubernetes.io/name=shop-db", "postgres", ["/bin/sh", "-c", "psql -c 'CHECKPOINT'"],
            HookOnError.Fail, TimeSpan.FromMinutes(2))]);

    [Fact]
    public async Task PolicyGrantedAndMinimum_OnPostgres_IsStoredWholeAndListedPerCaller()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Platform);
        var gold = JourneyWorld.Ok(await w.Portal.RunAsync<CreateProtectionPolicy, Result<ProtectionPolicySaved>>(
            u => u.HandleAsync(new CreateProtectionPolicyCommand("gold", ProtectionTarget.Namespace, Gold()))));
        JourneyWorld.Ok(await w.Portal.RunAsync<CreateProtectionPolicy, Result<ProtectionPolicySaved>>(
            u => u.HandleAsync(new CreateProtectionPolicyCommand("bronze", ProtectionTarget.Namespace, Gold("0 2 * * *") with
            {
                Retention = TimeSpan.FromDays(30), TargetRpo = TimeSpan.FromHours(26), Volumes = VolumeProtection.FileSystemBackup, Hooks = [],
            }))));
        JourneyWorld.Ok(await w.Portal.RunAsync<GrantProtectionPolicy, Result<Unit>>(u => u.HandleAsync(new GrantProtectionPolicyCommand(gold.Id, w.TenantId))));
        JourneyWorld.Ok(await w.Portal.RunAsync<SetTenantProtectionMinimum, Result<Unit>>(u => u.HandleAsync(new SetTenantProtectionMinimumCommand(w.TenantId, gold.Id))));

        var asPlatform = JourneyWorld.Ok(await w.Portal.RunAsync<ListProtectionPolicies, Result<ProtectionPolicyList>>(u => u.HandleAsync(new ListProtectionPoliciesQuery())));
        Assert.Equal(["bronze", "gold"], asPlatform.Policies.Select(p => p.Name));
        var stored = asPlatform.Policies.Single(p => p.Name == "gold");
        Assert.Equal(Gold().Hooks, stored.Hooks, (a, b) => a.Name == b.Name && a.Command.SequenceEqual(b.Command) && a.PodSelector == b.PodSelector
            && a.Timeout == b.Timeout && a.OnError == b.OnError);
        Assert.Equal(["events", "events.events.k8s.io"], stored.ExcludedResources);
        Assert.Equal(["Webshop"], stored.MinimumOf.Select(t => t.Name));

        w.As(w.Sre);
        var asSre = JourneyWorld.Ok(await w.Portal.RunAsync<ListProtectionPolicies, Result<ProtectionPolicyList>>(u => u.HandleAsync(new ListProtectionPoliciesQuery())));
        Assert.Equal(["gold"], asSre.Policies.Select(p => p.Name));
        Assert.Equal("gold", asSre.Tenants.Single().MinimumPolicyName);
        var details = JourneyWorld.Ok(await w.Portal.RunAsync<GetProtectionPolicy, Result<ProtectionPolicyDetails>>(u => u.HandleAsync(new GetProtectionPolicyQuery(gold.Id))));
        Assert.True(details.Tenants.Single().IsMinimum);

        w.As(w.Platform);
        JourneyWorld.Ok(await w.Portal.RunAsync<ChangeProtectionPolicy, Result<ProtectionPolicySaved>>(
            u => u.HandleAsync(new ChangeProtectionPolicyCommand(gold.Id, gold.Version, Gold("30 * * * *")))));
        var stale = await w.Portal.RunAsync<ChangeProtectionPolicy, Result<ProtectionPolicySaved>>(
            u => u.HandleAsync(new ChangeProtectionPolicyCommand(gold.Id, gold.Version, Gold("45 * * * *"))));
        Assert.Equal(ErrorKind.Conflict, stale.Error!.Kind);
        Assert.Equal(["protection.minimum.set", "protection.policy.changed", "protection.policy.created", "protection.policy.created", "protection.policy.granted"],
            await AllProtectionAuditAsync(w));
    }

    private static async Task<List<string>> AllProtectionAuditAsync(JourneyWorld w)
    {
        await using var db = await w.Portal.OpenAllAsync();
        return (await db.AuditEvents.AsNoTracking().Where(a => a.Action.StartsWith("protection.")).Select(a => a.Action).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }
}
