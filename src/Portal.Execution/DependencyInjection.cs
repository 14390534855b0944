using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Abstractions;
using Portal.Domain.Requests;
using Portal.Execution.Databases;
using Portal.Domain.Moves;
using Portal.Execution.Moves;
using Portal.Execution.Moves.ApplicationSteps;
using Portal.Execution.Resilience;
using Portal.Execution.Velero;

namespace Portal.Execution;

public static class DependencyInjection
{
    /// <summary>The durable executor, the cluster health monitor, the dump tracker, the migration wave dispatcher and the protection
    /// follower. Every replica runs them all; the queue's claims (and the artifacts' unique run key) keep them from doing the same
    /// work twice, and each cluster is followed by the one replica holding its follow lease.</summary>
    public static IServiceCollection AddPortalExecution(this IServiceCollection services, IConfiguration configuration, bool runBackgroundServices = true)
    {
        services.AddOptions<ExecutionOptions>().Bind(configuration.GetSection(ExecutionOptions.Section));
        services.AddOptions<ClusterHealthOptions>().Bind(configuration.GetSection(ClusterHealthOptions.Section));
        services.AddOptions<DatabaseDumpOptions>().Bind(configuration.GetSection(DatabaseDumpOptions.Section));
        services.AddOptions<MigrationOptions>().Bind(configuration.GetSection(MigrationOptions.Section));
        services.AddOptions<Portal.Application.Features.Protection.ProtectionOptions>()
            .Bind(configuration.GetSection(Portal.Application.Features.Protection.ProtectionOptions.Section));
        services.AddOptions<Portal.Application.Features.Recovery.Drills.DrillOptions>()
            .Bind(configuration.GetSection(Portal.Application.Features.Recovery.Drills.DrillOptions.Section));
        services.AddOptions<Portal.Application.Features.Retention.RetentionOptions>()
            .Bind(configuration.GetSection(Portal.Application.Features.Retention.RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Portal.Application.Features.Retention.RetentionOptions>,
            Portal.Application.Features.Retention.RetentionOptionsCheck>();
        services.AddPortalRetryPipelines();
        AddNotifications(services, configuration);
        services.AddSingleton<IExecutionSignal, ExecutionSignal>();
        services.TryAddSingleton<IDatabaseActivityNotifier, DatabaseActivityNotifier>();
        services.TryAddSingleton<IProtectionStatusNotifier, Protection.ProtectionStatusNotifier>();
        services.AddSingleton<VeleroFollower>();
        services.AddSingleton<JobFollower>();
        services.AddSingleton<OperatorBackupFollower>();
        services.AddSingleton<DumpRunRecorder>();
        services.AddSingleton<ManualDump>();
        services.AddSingleton<DumpRunTracker>();
        // One executor per request kind, keyed by it: a run builds only the executor its request needs.
        services.AddKeyedScoped<IOperationExecutor, VeleroBackupExecutor>(RequestKind.NamespaceBackup);
        services.AddKeyedScoped<IOperationExecutor, VeleroRestoreExecutor>(RequestKind.NamespaceRestore);
        services.AddScoped<CrossClusterRestorePrep>();
        services.AddScoped<RestoreGitOpsFreeze>();
        services.AddKeyedScoped<IOperationExecutor, DumpScheduleChangeExecutor>(RequestKind.DumpScheduleChange);
        services.AddKeyedScoped<IOperationExecutor, DatabaseDumpExecutor>(RequestKind.DatabaseDump);
        services.AddKeyedScoped<IOperationExecutor, RecoveryPointExecutor>(RequestKind.RecoveryPoint);
        // One executor for both restore kinds: overwriting is its own kind only so that policy can demand approval for it.
        services.AddKeyedScoped<IOperationExecutor>(RequestKind.DatabaseRestore,
            (sp, _) => ActivatorUtilities.CreateInstance<DatabaseRestoreExecutor>(sp, RequestKind.DatabaseRestore));
        services.AddKeyedScoped<IOperationExecutor>(RequestKind.DatabaseOverwrite,
            (sp, _) => ActivatorUtilities.CreateInstance<DatabaseRestoreExecutor>(sp, RequestKind.DatabaseOverwrite));
        services.AddKeyedScoped<IOperationExecutor, ApplicationMigrationExecutor>(RequestKind.ApplicationMigration);
        services.AddKeyedScoped<IOperationExecutor, MigrationRollbackExecutor>(RequestKind.MigrationRollback);
        services.AddKeyedScoped<IOperationExecutor, Protection.ProtectionChangeExecutor>(RequestKind.ProtectionChange);
        services.AddKeyedScoped<IOperationExecutor, Protection.ProtectionBackupNowExecutor>(RequestKind.ProtectionBackupNow);
        services.AddKeyedScoped<IOperationExecutor, Recovery.RestoreDrillExecutor>(RequestKind.RestoreDrill);
        services.AddKeyedScoped<IOperationExecutor, Storage.SnapshotClassChangeExecutor>(RequestKind.SnapshotClassChange);
        services.AddOptions<Snapshots.SnapshotRestoreOptions>().Bind(configuration.GetSection(Snapshots.SnapshotRestoreOptions.Section));
        services.AddKeyedScoped<IOperationExecutor, Snapshots.SnapshotRestoreExecutor>(RequestKind.SnapshotRestore);
        services.AddKeyedScoped<IOperationExecutor, Snapshots.ClaimRollbackExecutor>(RequestKind.ClaimRollback);
        services.AddKeyedScoped<IOperationExecutor, Snapshots.VolumeSnapshotExecutor>(RequestKind.VolumeSnapshot);
        services.AddKeyedScoped<IOperationExecutor, Snapshots.SnapshotDeletionExecutor>(RequestKind.SnapshotDeletion);
        services.AddSingleton<Recovery.DrillCleanup>();
        services.AddSingleton<Recovery.DrillSweeper>();
        services.AddSingleton<Retention.RetentionSweeper>();
        services.AddSingleton<JobWaiter>();
        services.AddSingleton<ScratchObjects>();
        services.AddSingleton<ClaimTransfer>();
        services.AddSingleton<DataCopy>();
        services.AddSingleton<DatabaseJobRunner>();
        services.AddSingleton<DatabaseDumpStep>();
        services.AddSingleton<DatabaseSwitchStep>();
        services.AddSingleton<DatabaseRestoreStep>();
        services.AddSingleton<DatabaseMove>();
        services.AddApplicationMoveSteps();
        services.AddSingleton<MigrationWaveDispatcher>();
        services.AddScoped<RequestRunner>();
        services.AddSingleton<QueueDepthGauge>();
        services.AddSingleton<Protection.FollowLeases>();
        services.AddSingleton<Protection.ProtectionFollower>();
        if (runBackgroundServices)
        {
            services.AddHostedService<RequestExecutionService>();
            services.AddHostedService<ClusterHealthMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<DumpRunTracker>());
            services.AddHostedService(sp => sp.GetRequiredService<MigrationWaveDispatcher>());
            services.AddHostedService(sp => sp.GetRequiredService<QueueDepthGauge>());
            services.AddHostedService<Protection.PauseExpiryService>();
            services.AddHostedService<Recovery.DrillScheduler>();
            services.AddHostedService(sp => sp.GetRequiredService<Recovery.DrillSweeper>());
            services.AddHostedService(sp => sp.GetRequiredService<Retention.RetentionSweeper>());
            services.AddHostedService(sp => sp.GetRequiredService<Protection.ProtectionFollower>());
            services.AddHostedService<Notifications.NotificationWorker>();
        }
        return services;
    }

    /// <summary>Notifications: options ("Notifications"), the sender (HTTP without following redirects, SMTP) and the worker's steps.</summary>
    private static void AddNotifications(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Portal.Application.Features.Notifications.NotificationOptions>()
            .Bind(configuration.GetSection(Portal.Application.Features.Notifications.NotificationOptions.Section));
        services.AddHttpClient(Notifications.NotificationTransport.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new System.Net.Http.SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.TryAddSingleton<INotificationTransport, Notifications.NotificationTransport>();
        services.AddSingleton<Notifications.NotificationDispatcher>();
    }

    /// <summary>The steps of moving an application, keyed by <see cref="MigrationStep"/>, and what they share.</summary>
    private static IServiceCollection AddApplicationMoveSteps(this IServiceCollection services)
    {
        services.AddSingleton<MoveNamespaces>();
        services.AddSingleton<MovePreflight>();
        services.AddSingleton<VeleroDataMove>();
        services.AddKeyedScoped<IApplicationMoveStep, FreezeGitOpsStep>(MigrationStep.FreezeGitOps);
        services.AddKeyedScoped<IApplicationMoveStep, ExportStep>(MigrationStep.Export);
        services.AddKeyedScoped<IApplicationMoveStep, QuiesceStep>(MigrationStep.Quiesce);
        services.AddKeyedScoped<IApplicationMoveStep, MoveDataStep>(MigrationStep.MoveData);
        services.AddKeyedScoped<IApplicationMoveStep, ApplyStep>(MigrationStep.Apply);
        services.AddKeyedScoped<IApplicationMoveStep, StartTargetStep>(MigrationStep.StartTarget);
        services.AddKeyedScoped<IApplicationMoveStep, VerifyStep>(MigrationStep.Verify);
        services.AddKeyedScoped<IApplicationMoveStep, SwitchGitOpsStep>(MigrationStep.SwitchGitOps);
        return services;
    }
}
