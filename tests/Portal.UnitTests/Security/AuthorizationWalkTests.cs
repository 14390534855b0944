using Portal.Application.Features.Snapshots.Restore;
using Portal.Domain.Moves;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Application.Features.Access;
using Portal.Application.Features.Audit;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.List;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Clusters.Retire;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Restores;
using Portal.Application.Features.Databases.Schedules;
using Portal.Application.Features.Moves.Applications;
using Portal.Application.Features.Moves.Plans;
using Portal.Application.Features.Moves.Recovery;
using Portal.Application.Features.Moves.Waves;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Notifications.Channels;
using Portal.Application.Features.Protection.Policies;
using Portal.Application.Features.Protection.Namespaces;
using Portal.Application.Features.Protection.Compliance;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Features.Storage.ClassChange;
using Portal.Application.Features.Storage.Matrix;
using Portal.Application.Features.Requests.Cancel;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Features.Requests.List;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Restores.Preview;
using Portal.Application.Features.Restores;
using Portal.Application.Features.Schedules;
using Portal.Application.Features.Snapshots;
using Portal.Application.Features.Tenants;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Moves.Playbooks;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Security;

/// <summary>Walks every command and query of the application as each persona of tenant Alpha, aimed at
/// tenant Bravo's data, and proves that nothing of Bravo's leaks into any answer and nothing in the database
/// changes. New use cases must be added to <see cref="AimedAtBravo"/>, or the coverage test fails.</summary>
public class AuthorizationWalkTests
{
    private static readonly ProtectionPolicyInput WalkPolicyInput = new(null, "0 * * * *", "Etc/UTC", TimeSpan.FromDays(7), TimeSpan.FromHours(2),
        Portal.Domain.Protection.VolumeProtection.CsiSnapshots, null, [], []);

    private static readonly Dictionary<Type, Func<WalkWorld, Persona, object>> AimedAtBravo = new()
    {
        [typeof(SubmitBackupRequest)] = (w, _) => new SubmitBackupRequestCommand(w.BravoNs, 24, VolumeBackupMode.Snapshot, null, "walk"),
        [typeof(SubmitRestoreRequest)] = (w, _) => new SubmitRestoreRequestCommand(w.BravoNs, "bravo-backup", "bravo-ns", ExistingResourcePolicy.None, true, null, ConfirmExistingTarget: true),
        [typeof(ListRestoreClusters)] = (w, _) => new ListRestoreClustersQuery(w.BravoNs, "bravo-backup"),
        [typeof(ReadRestoreTarget)] = (w, _) => new ReadRestoreTargetQuery(w.BravoNs, w.TargetClusterId, "bravo-ns"),
        [typeof(ListGitOpsFreezes)] = (w, _) => new ListGitOpsFreezesQuery(RequestId: w.BravoPendingRequest),
        [typeof(UnfreezeGitOps)] = (w, _) => new UnfreezeGitOpsCommand(w.BravoFreeze, "walk"),
        [typeof(DecideOnRequest)] = (w, _) => new DecideOnRequestCommand(w.BravoPendingRequest, true, "walk"),
        [typeof(CancelRequest)] = (w, _) => new CancelRequestCommand(w.BravoQueuedRequest),
        [typeof(ListRequests)] = (_, _) => new ListRequestsQuery(new PageRequest(0, 200)),
        [typeof(ListApprovalInbox)] = (_, _) => new ListApprovalInboxQuery(new PageRequest(0, 200)),
        [typeof(GetRequestDetails)] = (w, _) => new GetRequestDetailsQuery(w.BravoPendingRequest),
        [typeof(ListMyNamespaces)] = (w, _) => new ListMyNamespacesQuery(w.BravoTenant),
        [typeof(ListNamespaceBackups)] = (w, _) => new ListNamespaceBackupsQuery(w.BravoNs),
        [typeof(ListNewestDumps)] = (w, _) => new ListNewestDumpsQuery(w.BravoNs),
        [typeof(RegisterCluster)] = (_, _) => new RegisterClusterCommand("bravo-cluster", null, "server: https://bravo"),
        [typeof(UpdateClusterCredentials)] = (w, _) => new UpdateClusterCredentialsCommand(w.ClusterId, "server: https://bravo"),
        [typeof(RetireCluster)] = (w, _) => new RetireClusterCommand(w.ClusterId, true, "shared-1"),
        [typeof(CheckClusterConnection)] = (w, _) => new CheckClusterConnectionCommand(w.ClusterId),
        [typeof(ListClusters)] = (_, _) => new ListClustersQuery(),
        [typeof(ListClusterNamespaces)] = (w, _) => new ListClusterNamespacesQuery(w.ClusterId),
        [typeof(CreateTenant)] = (_, _) => new CreateTenantCommand("bravo-two", "Bravo Two"),
        [typeof(ListTenants)] = (_, _) => new ListTenantsQuery(),
        [typeof(ClaimNamespace)] = (w, _) => new ClaimNamespaceCommand(w.BravoTenant, w.ClusterId, "new-ns"),
        [typeof(ReleaseNamespace)] = (w, _) => new ReleaseNamespaceCommand(w.BravoNs),
        [typeof(AddScopeBinding)] = (w, p) => new AddScopeBindingCommand(PrincipalKind.User, w.AlphaPeople[p].UserId, Persona.PlatformEngineer, ScopeKind.Tenant, w.BravoTenant, null),
        [typeof(RemoveScopeBinding)] = (w, _) => new RemoveScopeBindingCommand(w.BravoBindingId),
        [typeof(ListScopeBindings)] = (_, _) => new ListScopeBindingsQuery(),
        [typeof(SetApprovalPolicy)] = (w, _) => new SetApprovalPolicyCommand(w.BravoTenant, RequestKind.NamespaceRestore, false, Persona.SreEngineer),
        [typeof(ListApprovalPolicies)] = (w, _) => new ListApprovalPoliciesQuery(w.BravoTenant),
        [typeof(GetMyAccess)] = (_, _) => new GetMyAccessQuery(),
        [typeof(ListUsers)] = (_, _) => new ListUsersQuery(),
        [typeof(RevokeUserSessions)] = (w, p) => new RevokeUserSessionsCommand(Guid.Parse(w.AlphaPeople[p].UserId)),
        [typeof(ListAuditEvents)] = (_, _) => new ListAuditEventsQuery(new PageRequest(0, 200)),
        [typeof(DiscoverDatabases)] = (w, _) => new DiscoverDatabasesQuery(w.BravoNs),
        [typeof(RegisterDatabase)] = (w, _) => new RegisterDatabaseCommand(w.BravoNs, "bravo-db", DatabaseEngine.PostgreSql, "bravo-db-rw", 5432,
            ["app"], "bravo-db-app", "username", "password", 16),
        [typeof(ListDatabases)] = (w, _) => new ListDatabasesQuery(w.BravoTenant),
        [typeof(PreviewSchedule)] = (_, _) => new PreviewScheduleQuery("0 2 * * *", "Europe/Berlin"),
        [typeof(CreateDumpSchedule)] = (w, _) => new CreateDumpScheduleCommand(w.BravoDatabase, "walk-nightly", DumpMethod.NativeTool, "0 3 * * *",
            "Etc/UTC", "app", new PostgresDumpOptions(), null, new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "bravo-dumps", CreatePvc: true, SizeGi: 5),
            new DumpRetention(7, null)),
        [typeof(RunDumpNow)] = (w, _) => new RunDumpNowCommand(w.BravoSchedule),
        [typeof(ChangeDumpSchedule)] = (w, _) => new ChangeDumpScheduleCommand(w.BravoSchedule, DumpScheduleChange.Remove, "bravo-nightly"),
        [typeof(CreateRecoveryPoint)] = (w, _) => new CreateRecoveryPointCommand(w.BravoSchedule),
        [typeof(RestoreDump)] = (w, _) => new RestoreDumpCommand(w.BravoArtifact, RestoreTarget.NewDatabase, null, "walk_copy"),
        [typeof(GetDatabaseDetails)] = (w, _) => new GetDatabaseDetailsQuery(w.BravoDatabase),
        [typeof(ListDumpArtifacts)] = (w, _) => new ListDumpArtifactsQuery(w.BravoDatabase, new PageRequest(0, 50)),
        [typeof(SetDatabaseRpo)] = (w, _) => new SetDatabaseRpoCommand(w.BravoDatabase, 60),
        [typeof(CreateMigrationPlan)] = (w, _) => new CreateMigrationPlanCommand("walk-plan", null, w.ClusterId, w.TargetClusterId),
        [typeof(ListMigrationPlans)] = (_, _) => new ListMigrationPlansQuery(new PageRequest(0, 200)),
        [typeof(GetMigrationPlan)] = (w, _) => new GetMigrationPlanQuery(w.BravoPlan),
        [typeof(AddMigrationWave)] = (w, _) => new AddMigrationWaveCommand(w.BravoPlan, "walk-wave", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), 1),
        [typeof(ChangeMigrationWave)] = (w, _) => new ChangeMigrationWaveCommand(w.BravoWave, "walk-wave", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), 1),
        [typeof(SubmitMigrationWave)] = (w, _) => new SubmitMigrationWaveCommand(w.BravoWave),
        [typeof(WithdrawMigrationWave)] = (w, _) => new WithdrawMigrationWaveCommand(w.BravoWave),
        [typeof(DecideOnMigrationWave)] = (w, _) => new DecideOnMigrationWaveCommand(w.BravoWave, true, "walk"),
        [typeof(CloseMigrationWave)] = (w, _) => new CloseMigrationWaveCommand(w.BravoWave),
        [typeof(RollBackMigration)] = (w, _) => new RollBackMigrationCommand(w.BravoWave, null, "walk"),
        [typeof(RetryMigrationStep)] = (w, _) => new RetryMigrationStepCommand(w.BravoWave, w.BravoApp, "walk"),
        [typeof(ListMigrationCandidates)] = (w, _) => new ListMigrationCandidatesQuery(w.BravoPlan),
        [typeof(AddMigrationApplication)] = (w, _) => new AddMigrationApplicationCommand(w.BravoWave, w.BravoNs),
        [typeof(ChangeMigrationApplication)] = (w, _) => new ChangeMigrationApplicationCommand(w.BravoApp, MigrationPlaybook.ExportTransformApply, "walk-ns",
            new Dictionary<string, string>(), new Dictionary<string, string>()),
        [typeof(RemoveMigrationApplication)] = (w, _) => new RemoveMigrationApplicationCommand(w.BravoApp),
        [typeof(RunMigrationPreflight)] = (w, _) => new RunMigrationPreflightCommand(w.BravoWave, w.BravoApp),
        [typeof(AcknowledgeMigrationWarnings)] = (w, _) => new AcknowledgeMigrationWarningsCommand(w.BravoApp),
        [typeof(AcknowledgeMigrationAsOwner)] = (w, _) => new AcknowledgeMigrationAsOwnerCommand(w.BravoApp),
        [typeof(GetMigrationManifests)] = (w, _) => new GetMigrationManifestsQuery(w.BravoApp),
        [typeof(ListMigrationWavesAwaitingDecision)] = (_, _) => new ListMigrationWavesAwaitingDecisionQuery(),
        [typeof(ListProtectionPolicies)] = (_, _) => new ListProtectionPoliciesQuery(),
        [typeof(GetProtectionPolicy)] = (w, _) => new GetProtectionPolicyQuery(w.BravoPolicy),
        [typeof(CreateProtectionPolicy)] = (_, _) => new CreateProtectionPolicyCommand("walk-policy", Portal.Domain.Protection.ProtectionTarget.Namespace, WalkPolicyInput),
        [typeof(ChangeProtectionPolicy)] = (w, _) => new ChangeProtectionPolicyCommand(w.SharedPolicy, Guid.Empty, WalkPolicyInput),
        [typeof(RetireProtectionPolicy)] = (w, _) => new RetireProtectionPolicyCommand(w.BravoPolicy, "bravo-gold"),
        // Bravo's policy for Alpha: a platform engineer of Alpha may grant to Alpha, but not a policy it cannot see.
        [typeof(GrantProtectionPolicy)] = (w, _) => new GrantProtectionPolicyCommand(w.BravoPolicy, w.AlphaTenant),
        [typeof(RevokeProtectionPolicyGrant)] = (w, _) => new RevokeProtectionPolicyGrantCommand(w.SharedPolicy, w.BravoTenant),
        [typeof(SetTenantProtectionMinimum)] = (w, _) => new SetTenantProtectionMinimumCommand(w.BravoTenant, null),
        [typeof(GetNamespaceProtection)] = (w, _) => new GetNamespaceProtectionQuery(w.BravoNs),
        [typeof(ProtectNamespace)] = (w, _) => new ProtectNamespaceCommand(w.BravoNs, w.BravoPolicy),
        [typeof(ChangeNamespacePolicy)] = (w, _) => new ChangeNamespacePolicyCommand(w.BravoProtection, w.BravoPolicy),
        [typeof(PauseProtection)] = (w, _) => new PauseProtectionCommand(w.BravoProtection, "walk", DateTimeOffset.UtcNow.AddDays(1)),
        [typeof(ResumeProtection)] = (w, _) => new ResumeProtectionCommand(w.BravoProtection),
        [typeof(RemoveProtection)] = (w, _) => new RemoveProtectionCommand(w.BravoProtection, "bravo-ns"),
        [typeof(PutBackSchedule)] = (w, _) => new PutBackScheduleCommand(w.BravoProtection),
        [typeof(BackUpNow)] = (w, _) => new BackUpNowCommand(w.BravoProtection),
        [typeof(RunRestoreDrill)] = (w, _) => new RunRestoreDrillCommand(w.BravoNs, "bravo-backup"),
        [typeof(ChangeDrillSchedule)] = (w, _) => new ChangeDrillScheduleCommand(w.BravoNs, null, "0 4 * * *", "Etc/UTC"),
        [typeof(RemoveDrillSchedule)] = (w, _) => new RemoveDrillScheduleCommand(w.BravoDrillSchedule),
        [typeof(SetTargetRto)] = (w, _) => new SetTargetRtoCommand(w.BravoNs, TimeSpan.FromMinutes(5)),
        [typeof(ListDrills)] = (w, _) => new ListDrillsQuery(w.BravoNs, new PageRequest(0, 200)),
        [typeof(GetDrill)] = (w, _) => new GetDrillQuery(w.BravoDrill),
        [typeof(GetNamespaceDrills)] = (w, _) => new GetNamespaceDrillsQuery(w.BravoNs),
        [typeof(GetDrillEvidence)] = (w, _) => new GetDrillEvidenceQuery(w.BravoNs),
        [typeof(GetDrillRtoChart)] = (w, _) => new GetDrillRtoChartQuery(w.BravoNs),
        [typeof(GetPolicyDrillSchedule)] = (w, _) => new GetPolicyDrillScheduleQuery(w.BravoPolicy),
        [typeof(ListDrillChoices)] = (w, _) => new ListDrillChoicesQuery(w.BravoNs),
        [typeof(CleanUpDrillNow)] = (w, _) => new CleanUpDrillNowCommand(w.BravoDrill),
        [typeof(RunDueDrillSchedules)] = (_, _) => new RunDueDrillSchedulesCommand(),
        [typeof(SnapshotNow)] = (w, _) => new SnapshotNowCommand(w.BravoNs, ["bravo-data"], null, null, false, SnapshotConsistency.None),
        [typeof(ListSnapshots)] = (w, _) => new ListSnapshotsQuery(w.BravoNs),
        [typeof(DeleteSnapshot)] = (w, _) => new DeleteSnapshotCommand(w.BravoNs, "bravo-snap", "bravo-snap"),
        [typeof(SaveSnapshotSchedule)] = (w, _) => new SaveSnapshotScheduleCommand(w.BravoNs, null, ["bravo-data"], null, null, SnapshotConsistency.None,
            "0 2 * * *", "Etc/UTC", 7, null),
        [typeof(RemoveSnapshotSchedule)] = (w, _) => new RemoveSnapshotScheduleCommand(w.BravoNs, Guid.NewGuid()),
        [typeof(ListSnapshotSchedules)] = (w, _) => new ListSnapshotSchedulesQuery(w.BravoNs),
        [typeof(RunDueSnapshotSchedules)] = (_, _) => new RunDueSnapshotSchedulesCommand(),
        [typeof(ReapplyProtectionPolicy)] = (w, _) => new ReapplyProtectionPolicyCommand(w.BravoPolicy),
        [typeof(ProtectClusterResources)] = (w, _) => new ProtectClusterResourcesCommand(w.ClusterId, w.BravoClusterPolicy),
        [typeof(ResumeExpiredPauses)] = (_, _) => new ResumeExpiredPausesCommand(),
        [typeof(GetComplianceOverview)] = (w, _) => new GetComplianceOverviewQuery(new PageRequest(0, 200)),
        [typeof(GetComplianceHistory)] = (w, _) => new GetComplianceHistoryQuery(TenantId: w.BravoTenant),
        [typeof(ListBackupLocations)] = (w, _) => new ListBackupLocationsQuery(w.TargetClusterId),
        [typeof(ListNamespaceStatuses)] = (w, _) => new ListNamespaceStatusesQuery(),
        // Bravo's namespace from its backup, and Alpha's namespace restored into Bravo's (the target is read live).
        [typeof(PreviewRestore)] = (w, _) => new PreviewRestoreQuery(w.BravoNs, "bravo-backup", "bravo-ns", ExistingResourcePolicy.None, true),
        [typeof(PreviewRestoreRequest)] = (w, _) => new PreviewRestoreRequestQuery(w.BravoPendingRequest),
        [typeof(GetClusterRecovery)] = (w, _) => new GetClusterRecoveryQuery(w.ClusterId, w.TargetClusterId),
        // Storage: the shared cluster's classes and claims (Bravo's claims never in an Alpha persona's answer), and a class change
        // only a storage administrator bound to the cluster may ask for.
        [typeof(GetStorageMatrix)] = (w, _) => new GetStorageMatrixQuery(w.ClusterId),
        [typeof(ListStorageClaims)] = (w, _) => new ListStorageClaimsQuery(w.ClusterId, null, false, new PageRequest(0, 200)),
        [typeof(PreviewSnapshotClassChange)] = (w, _) => new PreviewSnapshotClassChangeQuery(w.ClusterId, "csi-aws-vsc", SnapshotClassChangeKind.MakeDefault),
        [typeof(SubmitSnapshotClassChange)] = (w, _) => new SubmitSnapshotClassChangeCommand(w.ClusterId, "csi-aws-vsc", SnapshotClassChangeKind.UseForVelero, true, null),
        [typeof(RestoreSnapshotToNewClaim)] = (w, _) => new RestoreSnapshotToNewClaimCommand(w.BravoNs, "bravo-snap", "bravo-copy", null, "walk"),
        [typeof(RollBackClaim)] = (w, _) => new RollBackClaimCommand(w.BravoNs, "bravo-snap", new WorkloadReference("Deployment", "bravo-app"), "bravo-data", "walk"),
        [typeof(GetSnapshotRestoreView)] = (w, _) => new GetSnapshotRestoreViewQuery(w.BravoNs, "bravo-snap"),
        // Personal access tokens: a token with Bravo's rights, Bravo's token revoked, Bravo's token lifetime, a made-up secret.
        [typeof(Portal.Application.Features.Tokens.CreateAccessToken)] = (w, _) => new Portal.Application.Features.Tokens.CreateAccessTokenCommand("walk",
            [new TokenScope(Permission.ViewTenant, w.BravoTenant), new TokenScope(Permission.RequestBackup, w.BravoTenant)], 30),
        [typeof(Portal.Application.Features.Tokens.ListMyAccessTokens)] = (_, _) => new Portal.Application.Features.Tokens.ListMyAccessTokensQuery(),
        [typeof(Portal.Application.Features.Tokens.ListTokenChoices)] = (_, _) => new Portal.Application.Features.Tokens.ListTokenChoicesQuery(),
        [typeof(Portal.Application.Features.Tokens.RevokeAccessToken)] = (w, _) => new Portal.Application.Features.Tokens.RevokeAccessTokenCommand(w.BravoToken),
        [typeof(Portal.Application.Features.Tokens.SetTokenLifetimeLimit)] = (w, _) => new Portal.Application.Features.Tokens.SetTokenLifetimeLimitCommand(w.BravoTenant, 7),
        [typeof(Portal.Application.Features.Tokens.AuthenticateAccessToken)] = (_, _) => new Portal.Application.Features.Tokens.AuthenticateAccessTokenCommand(
            "ptl_" + new string('b', 43)),
        // Notifications: Bravo's tenant channel (changed, tested, deleted, its log read) and Bob's own paused channel (resumed).
        [typeof(SaveNotificationChannel)] = (w, _) => new SaveNotificationChannelCommand(w.BravoChannel, w.BravoTenant, "walk",
            Portal.Domain.Notifications.NotificationChannelKind.Webhook, "https://walk.example/hook", "walk-signing-secret-1",
            [Portal.Domain.Notifications.NotificationEventType.RequestFailed]),
        [typeof(DeleteNotificationChannel)] = (w, _) => new DeleteNotificationChannelCommand(w.BravoChannel),
        [typeof(ResumeNotificationChannel)] = (w, _) => new ResumeNotificationChannelCommand(w.BravoOwnerChannel),
        [typeof(SendTestNotification)] = (w, _) => new SendTestNotificationCommand(w.BravoChannel),
        [typeof(ListNotificationChannels)] = (w, _) => new ListNotificationChannelsQuery(w.BravoTenant),
        [typeof(ListChannelDeliveries)] = (w, _) => new ListChannelDeliveriesQuery(w.BravoChannel),
        [typeof(CreateRecoveryPlan)] = (w, _) => new CreateRecoveryPlanCommand(w.ClusterId, w.TargetClusterId, "walk-recovery", RecoveryWaves.PerTenant,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), 1),
    };

    /// <summary>Called only by the sign-in handler with the identity provider's subject; it returns the caller's own id.</summary>
    private static readonly Type[] SignInPlumbing = [typeof(RecordSignIn), typeof(StartSession), typeof(EndSession)];

    [Fact]
    public void Walk_CoversEveryUseCase()
    {
        var missing = DependencyInjection.UseCaseTypes.Except(AimedAtBravo.Keys).Except(SignInPlumbing).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, "Use cases not walked: " + string.Join(", ", missing));
    }

    public static IEnumerable<object[]> Personas() => Enum.GetValues<Persona>().Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(Personas))]
    public Task EveryUseCase_AsAlphaPersona_AimedAtBravo_LeaksNothingAndChangesNothing(Persona persona) => WalkAsync(persona, viaToken: false);

    /// <summary>The API's walk: the same use cases the endpoints call, as each Alpha persona acting through a personal access token
    /// that carries every right the API serves in Alpha.</summary>
    [Theory]
    [MemberData(nameof(Personas))]
    public Task EveryUseCase_AsAlphaPersonaThroughAnApiToken_AimedAtBravo_LeaksNothingAndChangesNothing(Persona persona) => WalkAsync(persona, viaToken: true);

    private static async Task WalkAsync(Persona persona, bool viaToken)
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[persona];
        if (viaToken)
        {
            var person = world.AlphaPeople[persona];
            var (token, _) = AccessToken.Create("walk token", Guid.Parse(person.UserId), person.DisplayName, [],
                Portal.Application.Features.Tokens.TokenChoices.ApiPermissions.Select(p => new TokenScope(p, world.AlphaTenant)).ToList(),
                DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30));
            await using (var db = await host.OpenAllAsync())
            {
                db.AccessTokens.Add(token);
                await db.SaveChangesAsync();
            }
            host.Principal.Current = person with { TokenId = token.Id };
        }
        var before = await SnapshotAsync(host);

        var failures = new List<string>();
        foreach (var (type, command) in AimedAtBravo)
        {
            var (success, payload, error) = await InvokeAsync(host, type, command(world, persona));
            if (payload.Contains("bravo", StringComparison.OrdinalIgnoreCase))
                failures.Add($"{type.Name} returned Bravo's data: {Truncate(payload)}");
            var isQuery = command(world, persona).GetType().Name.EndsWith("Query");
            if (success && !isQuery)
                failures.Add($"{type.Name} succeeded against Bravo's data");
            if (error?.Contains("bravo", StringComparison.OrdinalIgnoreCase) == true && type != typeof(ClaimNamespace))
                failures.Add($"{type.Name} error message reveals Bravo: {error}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // The only trace a refused command leaves is its refusal, recorded with who tried.
        await host.Services.GetRequiredService<SecurityEvents>().FlushAsync();
        Assert.Equal(before, await SnapshotAsync(host));
        await using (var db = await host.OpenAllAsync())
        {
            var refusals = await db.AuditEvents.AsNoTracking().Where(e => e.Action == "access.refused").ToListAsync();
            Assert.NotEmpty(refusals);
            Assert.All(refusals, r => Assert.Equal((world.AlphaPeople[persona].UserId, Portal.Domain.Auditing.AuditOutcome.Refused), (r.ActorUserId, r.Outcome)));
        }
        Assert.Equal(0, host.Cluster.Writes);
        Assert.Equal(0, host.Migration.Writes);
        Assert.Equal(0, host.Services.GetRequiredService<FakeClaimRestoreGateway>().Writes);
        Assert.Equal(0, host.Snapshots.Writes);
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task Queries_AsAlphaPersona_SeeAlphaData(Persona persona)
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[persona];

        var namespaces = await host.RunAsync<ListMyNamespaces, Result<IReadOnlyList<TenantNamespaceView>>>(u => u.HandleAsync(new ListMyNamespacesQuery()));
        Assert.Equal(["alpha-ns"], namespaces.Value!.Select(n => n.Namespace));
        var details = await host.RunAsync<GetRequestDetails, Result<RequestDetails>>(u => u.HandleAsync(new GetRequestDetailsQuery(world.AlphaPendingRequest)));
        Assert.True(details.IsSuccess, details.Error?.Message);
        // Alpha's own namespace into Bravo's: refused without reading it (nothing of Bravo's in the answer).
        var intoBravo = await host.RunAsync<PreviewRestore, Result<RestorePreviewPage>>(u => u.HandleAsync(
            new PreviewRestoreQuery(world.AlphaNs, "alpha-backup", "bravo-ns", ExistingResourcePolicy.None, true)));
        Assert.False(intoBravo.IsSuccess);
    }

    private static async Task<(bool Success, string Payload, string? Error)> InvokeAsync(PortalTestHost host, Type useCase, object command)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var instance = scope.ServiceProvider.GetRequiredService(useCase);
        var method = useCase.GetMethod("HandleAsync", BindingFlags.Public | BindingFlags.Instance)!;
        var task = (Task)method.Invoke(instance, [command, CancellationToken.None])!;
        await task;
        var result = task.GetType().GetProperty("Result")!.GetValue(task)!;
        var success = (bool)result.GetType().GetProperty("IsSuccess")!.GetValue(result)!;
        var value = result.GetType().GetProperty("Value")!.GetValue(result);
        var error = (Error?)result.GetType().GetProperty("Error")!.GetValue(result);
        return (success, JsonSerializer.Serialize(value), error?.Message);
    }

    /// <summary>Every row of every table, in a stable order.</summary>
    private static async Task<string> SnapshotAsync(PortalTestHost host)
    {
        await using var db = await host.OpenAllAsync();
        var parts = new object[]
        {
            (await db.Tenants.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.TenantNamespaces.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.Clusters.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.Users.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.ScopeBindings.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.Requests.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.RequestEvents.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.ApprovalPolicies.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.AuditEvents.AsNoTracking().Where(e => e.Action != "access.refused").ToListAsync()).OrderBy(x => x.Id),
            (await db.DatabaseTargets.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.DumpSchedules.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.DumpArtifacts.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.MigrationPlans.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.MigrationWaves.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.MigrationApplications.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.ProtectionPolicies.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.ProtectionPolicyGrants.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.NamespaceProtections.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.RestoreDrills.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.DrillSchedules.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.SnapshotSchedules.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.AccessTokens.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.IdempotentAnswers.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.NotificationChannels.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.NotificationDeliveries.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
            (await db.NotificationEvents.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        };
        return JsonSerializer.Serialize(parts);
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
