using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Protection;
using Portal.Domain.Tenants;

namespace Portal.Benchmarks;

/// <summary>
/// A large estate: 20 clusters, 50 tenants, 5,000 namespaces (each tenant 5 on every cluster). Four in five are
/// protected (gold, silver or bronze; a fifth of the tenants require gold), with the facts the follower would have
/// written: most backups within their RPO, one in ten too old, one in twenty failing; some unprotected namespaces
/// backed up on demand. Every cluster has a backup storage and a snapshot location (one cluster's storage location
/// Unavailable) and its own resources protected; 30 days of daily counts per tenant and cluster; an SRE and an owner
/// per tenant and one platform engineer for the estate.
/// </summary>
public static class EstateSeeder
{
    public const int Clusters = 20, Tenants = 50, Namespaces = 5_000, Days = 30;

    public sealed record People(CurrentPrincipal PlatformEngineer, CurrentPrincipal TenantSre);

    public static async Task<People> SeedAsync(IPortalDbContextFactory factory, DateTimeOffset now)
    {
        var clusters = Enumerable.Range(1, Clusters).Select(i => new Cluster($"bench-{i:00}", $"https://bench-{i:00}:6443", "x", ClusterAuthKind.BearerToken,
            "bench", now)).ToList();
        foreach (var c in clusters) c.RecordCapabilities(new ClusterCapabilities { VeleroInstalled = true, VeleroNamespace = "velero" });
        var tenants = Enumerable.Range(1, Tenants).Select(i => new Tenant($"tenant-{i:00}", $"Tenant {i:00}")).ToList();
        var policies = new[]
        {
            Policy("gold", TimeSpan.FromHours(2), TimeSpan.FromDays(7), VolumeProtection.CsiSnapshotsMovedToObjectStorage, now),
            Policy("silver", TimeSpan.FromHours(8), TimeSpan.FromDays(14), VolumeProtection.CsiSnapshots, now),
            Policy("bronze", TimeSpan.FromHours(26), TimeSpan.FromDays(30), VolumeProtection.FileSystemBackup, now),
        };
        var clusterPolicy = new ProtectionPolicy("cluster-gold", ProtectionTarget.ClusterResources, new ProtectionPolicySettings("0 * * * *", "Etc/UTC",
            TimeSpan.FromDays(7), TimeSpan.FromHours(2), VolumeProtection.None, null, [], []), "bench", now);
        for (var t = 0; t < Tenants; t += 5) tenants[t].RequireProtection(policies[0].Id);

        await using (var db = await factory.CreateAsync(TenantScope.Everything))
        {
            db.Clusters.AddRange(clusters);
            db.Tenants.AddRange(tenants);
            db.ProtectionPolicies.AddRange(policies);
            db.ProtectionPolicies.Add(clusterPolicy);
            foreach (var t in tenants)
                foreach (var p in policies)
                    db.ProtectionPolicyGrants.Add(new ProtectionPolicyGrant(t.Id, p.Id, "bench", now));
            foreach (var c in clusters)
            {
                var bsl = new ObservedLocation(c.Id, LocationKind.BackupStorage, "default") { IsDefault = true, Provider = "aws", LastValidated = now.AddMinutes(-1) };
                bsl.RecordPhase(c == clusters[6] ? "Unavailable" : "Available", now.AddHours(-2));
                if (c == clusters[6]) bsl.Message = "BackupStorageLocation \"default\" is unavailable: bucket not found";
                db.ObservedLocations.Add(bsl);
                db.ObservedLocations.Add(new ObservedLocation(c.Id, LocationKind.VolumeSnapshot, "csi") { Provider = "velero.io/csi", ObservedAt = now });
                var own = new NamespaceProtection(Guid.Empty, c.Id, "", clusterPolicy, "bench", now.AddDays(-40));
                own.RecordApplied(clusterPolicy, Guid.NewGuid(), "hash", now.AddDays(-40));
                db.NamespaceProtections.Add(own);
                db.NamespaceRpoStates.Add(new NamespaceRpoState(Guid.Empty, c.Id, "", now) { LastGoodAt = now.AddMinutes(-30), LastGoodSource = RecoveryPointSource.Scheduled });
            }
            await db.SaveChangesAsync();
        }

        for (var start = 0; start < Namespaces; start += 1_000)
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything);
            for (var i = start; i < start + 1_000; i++)
            {
                var tenant = tenants[i % Tenants];
                var cluster = clusters[i / Tenants % Clusters];
                var name = $"app-{i:0000}";
                db.TenantNamespaces.Add(new TenantNamespace(tenant.Id, cluster.Id, name, now.AddDays(-60), "bench"));
                var state = new NamespaceRpoState(tenant.Id, cluster.Id, name, now);
                if (i % 5 != 0)
                {
                    var policy = policies[i % 3];
                    var protection = new NamespaceProtection(tenant.Id, cluster.Id, name, policy, "bench", now.AddDays(-30));
                    protection.RecordApplied(policy, Guid.NewGuid(), "hash", now.AddDays(-30));
                    db.NamespaceProtections.Add(protection);
                    state.LastGoodAt = now - (i % 10 == 3 ? policy.TargetRpo * 2 : policy.TargetRpo / 3);
                    state.LastGoodSource = RecoveryPointSource.Scheduled;
                    state.LastGoodBackup = $"{protection.ScheduleName}-20261207000000";
                    state.LastRunPhase = i % 20 == 7 ? "PartiallyFailed" : "Completed";
                    if (i % 20 == 7) (state.FailedRunsInRow, state.FailureSummary) = (3, "last 3 scheduled runs PartiallyFailed: 2 errors in volume data");
                    db.NamespaceRpoStates.Add(state);
                }
                else if (i % 10 == 5)
                {
                    state.LastGoodAt = now.AddHours(-6);
                    state.LastGoodSource = RecoveryPointSource.OnDemand;
                    db.NamespaceRpoStates.Add(state);
                }
            }
            await db.SaveChangesAsync();
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var d = 1; d <= Days; d++)
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything);
            foreach (var t in tenants)
                foreach (var c in clusters)
                    db.ComplianceDays.Add(new ComplianceDay(today.AddDays(-d), t.Id, c.Id)
                    { Protected = 3, AtRisk = d % 3 == 0 ? 1 : 0, Unprotected = 1, NonCompliant = t == tenants[0] ? 1 : 0, RecordedAt = now });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateAsync(TenantScope.Everything))
        {
            var platform = Person(db, "Priya Platform", Persona.PlatformEngineer, ScopeKind.Estate, null);
            CurrentPrincipal? sre = null;
            foreach (var t in tenants)
            {
                var s = Person(db, $"SRE of {t.DisplayName}", Persona.SreEngineer, ScopeKind.Tenant, t.Id);
                Person(db, $"Owner of {t.DisplayName}", Persona.ApplicationOwner, ScopeKind.Tenant, t.Id);
                if (t == tenants[1]) sre = s; // a tenant with protected, at-risk and unprotected namespaces
            }
            await db.SaveChangesAsync();
            return new People(platform, sre!);
        }
    }

    private static ProtectionPolicy Policy(string name, TimeSpan rpo, TimeSpan retention, VolumeProtection volumes, DateTimeOffset now) =>
        new(name, ProtectionTarget.Namespace, new ProtectionPolicySettings("0 * * * *", "Europe/Berlin", retention, rpo, volumes, null, [], []), "bench", now);

    private static CurrentPrincipal Person(IPortalDbContext db, string name, Persona persona, ScopeKind scope, Guid? tenantId)
    {
        var user = new PortalUser($"bench:{name}", name, "bench@example.com");
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, scope, tenantId));
        return new CurrentPrincipal(user.Id.ToString(), name, user.Email, []);
    }
}
