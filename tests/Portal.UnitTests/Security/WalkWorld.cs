using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Databases;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Security;

/// <summary>Two tenants on one shared cluster: Alpha (the caller's) and Bravo (the other one), each with a
/// namespace, people and requests. Everything of Bravo's carries the marker "bravo" so a leak is visible.</summary>
public sealed class WalkWorld
{
    public Guid AlphaTenant, BravoTenant, ClusterId, AlphaNs, BravoNs, BravoPendingRequest, BravoQueuedRequest, AlphaPendingRequest, BravoBindingId,
        BravoDatabase, BravoSchedule, BravoArtifact, AlphaDatabase, TargetClusterId, BravoPlan, BravoWave, BravoApp;
    /// <summary>Protection: "bravo-gold" is granted to Bravo only and is its minimum; "shared-silver" is granted to both,
    /// and bravo-ns is protected by it.</summary>
    public Guid BravoPolicy, BravoPolicyVersion, SharedPolicy, BravoClusterPolicy, BravoProtection;
    /// <summary>A GitOps object a Bravo restore froze and keeps frozen.</summary>
    public Guid BravoFreeze;
    /// <summary>Restore drills: a failed drill of bravo-ns and its schedule.</summary>
    public Guid BravoDrill, BravoDrillSchedule;
    /// <summary>Notifications: Bravo's tenant channel (with a delivery) and Bob's own channel (paused).</summary>
    public Guid BravoChannel, BravoOwnerChannel;
    public Dictionary<Persona, CurrentPrincipal> AlphaPeople { get; } = [];
    public CurrentPrincipal BravoOwner = null!;
    /// <summary>Bob's personal access token (Bravo).</summary>
    public Guid BravoToken;

    public static async Task<WalkWorld> SeedAsync(PortalTestHost host)
    {
        var w = new WalkWorld();
        var protector = (ICredentialProtector)host.Services.GetService(typeof(ICredentialProtector))!;
        await using var db = await host.OpenAllAsync();
        var alpha = new Tenant("alpha", "Alpha Shop");
        var bravo = new Tenant("bravo", "Bravo Corp");
        var cluster = new Cluster("shared-1", "https://fake:6443", protector.Protect("apiVersion: v1\nserver: x"), ClusterAuthKind.BearerToken, "seed", DateTimeOffset.UtcNow);
        cluster.RecordCapabilities(new ClusterCapabilities { VeleroInstalled = true, VeleroNamespace = "velero" });
        db.Tenants.AddRange(alpha, bravo);
        db.Clusters.Add(cluster);
        var alphaNs = new TenantNamespace(alpha.Id, cluster.Id, "alpha-ns", DateTimeOffset.UtcNow, "seed");
        var bravoNs = new TenantNamespace(bravo.Id, cluster.Id, "bravo-ns", DateTimeOffset.UtcNow, "seed");
        db.TenantNamespaces.AddRange(alphaNs, bravoNs);

        foreach (var persona in Enum.GetValues<Persona>())
        {
            var user = new PortalUser($"alpha-{persona}", $"Alpha {persona}", $"{persona}@alpha.example");
            db.Users.Add(user);
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, ScopeKind.Tenant, alpha.Id));
            w.AlphaPeople[persona] = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        }
        var bob = new PortalUser("bravo-owner", "Bob bravo", "bob@bravo.example");
        db.Users.Add(bob);
        var bobBinding = new ScopeBinding(PrincipalKind.User, bob.Id.ToString(), Persona.ApplicationOwner, ScopeKind.Tenant, bravo.Id);
        db.ScopeBindings.Add(bobBinding);
        w.BravoOwner = new CurrentPrincipal(bob.Id.ToString(), bob.DisplayName, bob.Email, []);
        var (bravoToken, _) = AccessToken.Create("bravo deploy", bob.Id, bob.DisplayName, [], [new TokenScope(Permission.ViewTenant, bravo.Id)],
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30));
        db.AccessTokens.Add(bravoToken);
        w.BravoToken = bravoToken.Id;

        var now = DateTimeOffset.UtcNow;
        var bravoPending = OperationRequest.ForRestore(bravo.Id, cluster.Id, "bravo-ns",
            new RestoreParameters("bravo-backup", "bravo-ns", ExistingResourcePolicy.None, true), bob.Id.ToString(), bob.DisplayName, "bravo reason", now);
        bravoPending.Submit(true, now);
        var bravoQueued = OperationRequest.ForBackup(bravo.Id, cluster.Id, "bravo-ns",
            new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.Snapshot, null), bob.Id.ToString(), bob.DisplayName, null, now);
        bravoQueued.Submit(false, now);
        bravoQueued.Enqueue(now);
        var alphaOwner = w.AlphaPeople[Persona.ApplicationOwner];
        var alphaPending = OperationRequest.ForRestore(alpha.Id, cluster.Id, "alpha-ns",
            new RestoreParameters("alpha-backup", "alpha-ns", ExistingResourcePolicy.None, true), alphaOwner.UserId, alphaOwner.DisplayName, null, now);
        alphaPending.Submit(true, now);
        db.Requests.AddRange(bravoPending, bravoQueued, alphaPending);
        db.RequestEvents.Add(new RequestEvent(bravoPending, RequestEventKind.Submitted, "Submitted by Bob bravo", "Bob bravo", now));
        db.ApprovalPolicies.Add(new ApprovalPolicy(bravo.Id, RequestKind.NamespaceBackup, true, Persona.SreEngineer));
        db.AuditEvents.Add(new Portal.Domain.Auditing.AuditEvent(now, "Bob bravo", "request.submitted", "request", bravoPending.Id.ToString(), "bravo restore submitted", bravo.Id));
        db.AuditEvents.Add(new Portal.Domain.Auditing.AuditEvent(now, "Alpha owner", "request.submitted", "request", alphaPending.Id.ToString(), "alpha restore submitted", alpha.Id));
        var bravoDb = new DatabaseTarget(bravo.Id, cluster.Id, "bravo-ns", "bravo-db", DatabaseEngine.PostgreSql, "bravo-db-rw", 5432, ["app"],
            new SecretKeyReference("bravo-db-app", "username", "password"), DatabaseSource.CloudNativePgCluster, "bravo-db", 16, "Bob bravo", now);
        var alphaDb = new DatabaseTarget(alpha.Id, cluster.Id, "alpha-ns", "alpha-db", DatabaseEngine.PostgreSql, "alpha-db-rw", 5432, ["app"],
            new SecretKeyReference("alpha-db-app", "username", "password"), DatabaseSource.Manual, null, 16, "Alpha dba", now);
        var bravoSchedule = new DumpSchedule(bravoDb, "bravo-nightly", "app", new PostgresDumpOptions(), null,
            new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "bravo-dumps"), "0 2 * * *", "Etc/UTC", new DumpRetention(3, null), "postgres:16", "Bob bravo", now);
        bravoSchedule.MarkApplied(now);
        var bravoArtifact = new DumpArtifact(bravoSchedule, "portal-dump-bravo-1", DumpTrigger.Schedule, now);
        bravoArtifact.Succeed(now, now.AddSeconds(5), 1234, new string('b', 64), "bravo-nightly-20260101T020000Z.dump", "pg_dump 16.4");
        db.DatabaseTargets.AddRange(bravoDb, alphaDb);
        db.DumpSchedules.Add(bravoSchedule);
        db.DumpArtifacts.Add(bravoArtifact);
        // A migration plan of Bravo's estate architect, moving bravo-ns to a second cluster: its wave waits for approval.
        var target = new Cluster("shared-2", "https://fake-2:6443", protector.Protect("apiVersion: v1\nserver: y"), ClusterAuthKind.BearerToken, "seed", now);
        db.Clusters.Add(target);
        var bravoPlan = new MigrationPlan("bravo-plan", "bravo estate move", cluster.Id, target.Id, "bravo-architect", "Bravo architect", now);
        var bravoWave = new MigrationWave(bravoPlan.Id, 1, "bravo-wave", now.AddHours(-1), now.AddDays(1), 2, now);
        var bravoApp = new MigrationApplication(bravoPlan, bravoWave, bravo.Id, "bravo-ns", "bravo-ns", null, now);
        bravoApp.RecordPreflight(bravoWave, [], "kind: ConfigMap\nmetadata:\n  name: bravo-config\n", 1, [], [], now);
        bravoApp.AcknowledgeAsOwner(bravoWave, bob.Id.ToString(), bob.DisplayName, now);
        bravoWave.Submit("bravo-architect", "Bravo architect", now);
        db.MigrationPlans.Add(bravoPlan);
        db.MigrationWaves.Add(bravoWave);
        db.MigrationApplications.Add(bravoApp);
        var bravoGold = new Portal.Domain.Protection.ProtectionPolicy("bravo-gold", Portal.Domain.Protection.ProtectionTarget.Namespace,
            ProtectionSettings("0 * * * *", "bravo gold: hourly"), "bravo platform", now);
        var sharedSilver = new Portal.Domain.Protection.ProtectionPolicy("shared-silver", Portal.Domain.Protection.ProtectionTarget.Namespace,
            ProtectionSettings("0 2 * * *", null, TimeSpan.FromHours(26)), "platform", now);
        db.ProtectionPolicies.AddRange(bravoGold, sharedSilver);
        db.ProtectionPolicyGrants.AddRange(new Portal.Domain.Protection.ProtectionPolicyGrant(bravo.Id, bravoGold.Id, "platform", now),
            new Portal.Domain.Protection.ProtectionPolicyGrant(bravo.Id, sharedSilver.Id, "platform", now),
            new Portal.Domain.Protection.ProtectionPolicyGrant(alpha.Id, sharedSilver.Id, "platform", now));
        bravo.RequireProtection(bravoGold.Id);
        // bravo-ns on shared-silver, paused and drifted; a cluster-resources policy.
        var bravoClusterPolicy = new Portal.Domain.Protection.ProtectionPolicy("bravo-cluster-dr", Portal.Domain.Protection.ProtectionTarget.ClusterResources,
            ProtectionSettings("0 * * * *", "cluster dr"), "seed", now);
        var bravoProtection = new Portal.Domain.Protection.NamespaceProtection(bravo.Id, cluster.Id, "bravo-ns", sharedSilver, "Bob bravo", now);
        bravoProtection.RecordApplied(sharedSilver, bravoPending.Id, "bravo-hash", now);
        bravoProtection.Pause("Bob bravo", "bravo maintenance", null, now);
        bravoProtection.RecordDrift(Portal.Domain.Protection.ScheduleDrift.Changed, "bravo changed", now);
        db.ProtectionPolicies.Add(bravoClusterPolicy);
        db.NamespaceProtections.Add(bravoProtection);
        (w.BravoClusterPolicy, w.BravoProtection) = (bravoClusterPolicy.Id, bravoProtection.Id);
        SeedProtectionFacts(db, bravo, cluster, target, now);
        var bravoFreeze = new Portal.Domain.Restores.GitOpsFreezeRecord(bravo.Id, cluster.Id, "bravo-ns", bravoPending.Id,
            new GitOpsFreeze(new ObjectReference("argoproj.io/v1alpha1", "Application", "argocd", "bravo-app"), "{\"prune\":true}", null),
            "restore request of Bob bravo", "restoring bravo-backup", null, true, now);
        db.GitOpsFreezes.Add(bravoFreeze);
        w.BravoFreeze = bravoFreeze.Id;
        var bravoDrill = new Portal.Domain.Recovery.RestoreDrill(bravo.Id, cluster.Id, "bravo-ns", cluster.Id, "bravo-backup",
            Portal.Domain.Recovery.DrillTrigger.OnDemand, null, bravoQueued.Id, TimeSpan.FromMinutes(30),
            [new Portal.Domain.Recovery.DrillCheck(Portal.Domain.Recovery.DrillCheckKind.HttpGet, "bravo-web", 80, "/bravo", 200)], null, "Bob bravo", now);
        bravoDrill.Fail("bravo deployment never ready", null, now);
        var bravoDrillSchedule = Portal.Domain.Recovery.DrillSchedule.ForNamespace(bravo.Id, cluster.Id, "bravo-ns",
            new Portal.Domain.Recovery.DrillScheduleSettings("0 3 * * *", "Etc/UTC", null, [], null), "Bob bravo", now.AddDays(1), now);
        db.RestoreDrills.Add(bravoDrill);
        db.DrillSchedules.Add(bravoDrillSchedule);
        (w.BravoDrill, w.BravoDrillSchedule) = (bravoDrill.Id, bravoDrillSchedule.Id);
        var bravoChannel = Portal.Domain.Notifications.NotificationChannel.ForTenant(bravo.Id, "bravo-alerts", Portal.Domain.Notifications.NotificationChannelKind.Webhook,
            protector.Protect("https://bravo.example/hook"), "https://bravo.example/…hook", protector.Protect("bravo-signing-secret"),
            [Portal.Domain.Notifications.NotificationEventType.RequestFailed], now);
        var bobChannel = Portal.Domain.Notifications.NotificationChannel.ForPerson(bob.Id.ToString(), [], "bravo-bob-slack",
            Portal.Domain.Notifications.NotificationChannelKind.Slack, protector.Protect("https://hooks.slack.com/services/bravo"), "https://hooks.slack.com/…ravo", null,
            [Portal.Domain.Notifications.NotificationEventType.ApprovalNeeded], now);
        bobChannel.RecordFailure("bravo receiver down", 1, now);
        db.NotificationChannels.AddRange(bravoChannel, bobChannel);
        db.NotificationDeliveries.Add(new Portal.Domain.Notifications.NotificationDelivery(null, bravoChannel,
            Portal.Domain.Notifications.NotificationEventType.RequestFailed, "bravo test", now));
        (w.BravoChannel, w.BravoOwnerChannel) = (bravoChannel.Id, bobChannel.Id);
        await db.SaveChangesAsync();
        (w.BravoPolicy, w.BravoPolicyVersion, w.SharedPolicy) = (bravoGold.Id, bravoGold.Version, sharedSilver.Id);
        (w.TargetClusterId, w.BravoPlan, w.BravoWave, w.BravoApp) = (target.Id, bravoPlan.Id, bravoWave.Id, bravoApp.Id);
        (w.BravoDatabase, w.BravoSchedule, w.BravoArtifact, w.AlphaDatabase) = (bravoDb.Id, bravoSchedule.Id, bravoArtifact.Id, alphaDb.Id);

        host.Cluster.Namespaces.UnionWith(["alpha-ns", "bravo-ns", "new-ns"]);
        host.Databases.Secrets[("bravo-ns", "bravo-db-app")] = ["username", "password"];
        host.Databases.Candidates.Add(new Portal.Application.Abstractions.Clusters.DatabaseCandidate("bravo-ns", "cluster/bravo-db",
            Portal.Domain.Databases.DatabaseSource.CloudNativePgCluster, Portal.Domain.Databases.DatabaseEngine.PostgreSql, 16, "bravo-db-rw", 5432,
            "bravo-db-app", "username", "password", ["app"]));
        host.Cluster.Backups.Add(FakeClusterGateway.Backup("alpha-backup", "alpha-ns"));
        host.Cluster.Backups.Add(FakeClusterGateway.Backup("bravo-backup", "bravo-ns"));
        // Bravo's claim and snapshot, for the snapshot use cases to leak if they could (the snapshot class of its driver is the
        // storage fake's csi-aws-vsc).
        host.Snapshots.Claims.Add(new Portal.Application.Abstractions.Clusters.SnapshotClaimInfo("bravo-ns", "bravo-data", "gp3", "ebs.csi.aws.com", "Bound",
            "1Gi", "pv-bravo", false, []));
        host.Snapshots.Snapshots.Add(new Portal.Application.Abstractions.Clusters.VolumeSnapshotInfo("bravo-ns", "bravo-snap", "bravo-data", "ebs", true, "1Gi",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, "content-bravo", null, "Delete", "ebs.csi.aws.com", null, new Dictionary<string, string>()));

        (w.AlphaTenant, w.BravoTenant, w.ClusterId, w.AlphaNs, w.BravoNs) = (alpha.Id, bravo.Id, cluster.Id, alphaNs.Id, bravoNs.Id);
        (w.BravoPendingRequest, w.BravoQueuedRequest, w.AlphaPendingRequest, w.BravoBindingId) = (bravoPending.Id, bravoQueued.Id, alphaPending.Id, bobBinding.Id);
        return w;
    }

    public static Portal.Domain.Protection.ProtectionPolicySettings ProtectionSettings(string cron, string? description = null, TimeSpan? rpo = null) =>
        new(cron, "Europe/Berlin", TimeSpan.FromDays(7), rpo ?? TimeSpan.FromHours(2), Portal.Domain.Protection.VolumeProtection.CsiSnapshotsMovedToObjectStorage,
            null, [], [], description);

    /// <summary>The follower's facts about Bravo's protected namespace, its daily counts, and a location on the cluster
    /// where only Bravo works: the compliance views must show Alpha none of it.</summary>
    private static void SeedProtectionFacts(IPortalDbContext db, Tenant bravo, Cluster shared, Cluster bravoOnly, DateTimeOffset now)
    {
        db.NamespaceRpoStates.Add(new Portal.Domain.Protection.NamespaceRpoState(bravo.Id, shared.Id, "bravo-ns", now)
        {
            LastGoodAt = now.AddHours(-1), LastGoodBackup = "bravo-ns-backup", StorageLocation = "bravo-bsl",
            FailedRunsInRow = 1, FailureSummary = "bravo run failed",
        });
        db.ComplianceDays.Add(new Portal.Domain.Protection.ComplianceDay(DateOnly.FromDateTime(now.UtcDateTime), bravo.Id, shared.Id) { AtRisk = 1 });
        var location = new Portal.Domain.Protection.ObservedLocation(bravoOnly.Id, Portal.Domain.Protection.LocationKind.BackupStorage, "bravo-bsl")
        { Message = "bravo bucket", IsDefault = true };
        location.RecordPhase("Unavailable", now);
        db.ObservedLocations.Add(location);
    }
}
