using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Execution.Velero;

namespace Portal.Execution;

public static class DependencyInjection
{
    /// <summary>The durable executor and the cluster health monitor. Every replica runs both; the queue's
    /// claims keep them from doing the same work twice.</summary>
    public static IServiceCollection AddPortalExecution(this IServiceCollection services, IConfiguration configuration, bool runBackgroundServices = true)
    {
        services.AddOptions<ExecutionOptions>().Bind(configuration.GetSection(ExecutionOptions.Section));
        services.AddOptions<ClusterHealthOptions>().Bind(configuration.GetSection(ClusterHealthOptions.Section));
        services.AddSingleton<IExecutionSignal, ExecutionSignal>();
        services.AddSingleton<VeleroFollower>();
        services.AddScoped<IOperationExecutor, VeleroBackupExecutor>();
        services.AddScoped<IOperationExecutor, VeleroRestoreExecutor>();
        services.AddScoped<RequestRunner>();
        if (runBackgroundServices)
        {
            services.AddHostedService<RequestExecutionService>();
            services.AddHostedService<ClusterHealthMonitor>();
        }
        return services;
    }
}
