using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Abstractions;
using Portal.Domain.Requests;
using Portal.Execution.Databases;
using Portal.Execution.Migrations;
using Portal.Execution.Resilience;
using Portal.Execution.Velero;

namespace Portal.Execution;

public static class DependencyInjection
{
    /// <summary>The durable executor, the cluster health monitor, the dump tracker and the migration wave dispatcher. Every replica runs all four; the
    /// queue's claims (and the artifacts' unique run key) keep them from doing the same work twice.</summary>
    public static IServiceCollection AddPortalExecution(this IServiceCollection services, IConfiguration configuration, bool runBackgroundServices = true)
    {
        services.AddOptions<ExecutionOptions>().Bind(configuration.GetSection(ExecutionOptions.Section));
        services.AddOptions<ClusterHealthOptions>().Bind(configuration.GetSection(ClusterHealthOptions.Section));
        services.AddOptions<DatabaseDumpOptions>().Bind(configuration.GetSection(DatabaseDumpOptions.Section));
        services.AddOptions<MigrationOptions>().Bind(configuration.GetSection(MigrationOptions.Section));
        services.AddPortalRetryPipelines();
        services.AddSingleton<IExecutionSignal, ExecutionSignal>();
        services.TryAddSingleton<IDatabaseActivityNotifier, DatabaseActivityNotifier>();
        services.AddSingleton<VeleroFollower>();
        services.AddSingleton<JobFollower>();
        services.AddSingleton<OperatorBackupFollower>();
        services.AddSingleton<DumpRunRecorder>();
        services.AddSingleton<ManualDump>();
        services.AddSingleton<DumpRunTracker>();
        services.AddScoped<IOperationExecutor, VeleroBackupExecutor>();
        services.AddScoped<IOperationExecutor, VeleroRestoreExecutor>();
        services.AddScoped<IOperationExecutor, DumpScheduleChangeExecutor>();
        services.AddScoped<IOperationExecutor, DatabaseDumpExecutor>();
        services.AddScoped<IOperationExecutor, RecoveryPointExecutor>();
        // One executor for both restore kinds: overwriting is its own kind only so that policy can demand approval for it.
        services.AddScoped<IOperationExecutor>(sp => ActivatorUtilities.CreateInstance<DatabaseRestoreExecutor>(sp, RequestKind.DatabaseRestore));
        services.AddScoped<IOperationExecutor>(sp => ActivatorUtilities.CreateInstance<DatabaseRestoreExecutor>(sp, RequestKind.DatabaseOverwrite));
        services.AddSingleton<DataCopy>();
        services.AddSingleton<DatabaseMove>();
        services.AddScoped<IOperationExecutor, ApplicationMigrationExecutor>();
        services.AddScoped<IOperationExecutor, MigrationRollbackExecutor>();
        services.AddSingleton<MigrationWaveDispatcher>();
        services.AddScoped<RequestRunner>();
        if (runBackgroundServices)
        {
            services.AddHostedService<RequestExecutionService>();
            services.AddHostedService<ClusterHealthMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<DumpRunTracker>());
            services.AddHostedService(sp => sp.GetRequiredService<MigrationWaveDispatcher>());
        }
        return services;
    }
}
