using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>Registers the Kubernetes adapter: one <see cref="IClusterGateway"/>, one <see cref="IDatabaseWorkloadGateway"/>, one
    /// <see cref="IMigrationClusterGateway"/> and one client cache for the
    /// process (clients are thread-safe and keep their connections pooled).</summary>
    public static IServiceCollection AddPortalKubernetes(this IServiceCollection services, Action<KubernetesGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        var options = services.AddOptions<KubernetesGatewayOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<IKubernetesClientFactory, KubernetesClientFactory>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KubernetesClusterGateway>();
        services.TryAddSingleton<IClusterGateway>(sp => sp.GetRequiredService<KubernetesClusterGateway>());
        services.TryAddSingleton<IProtectionGateway>(sp => sp.GetRequiredService<KubernetesClusterGateway>());
        // Shares the client cache above: one connection pool per cluster credential for both gateways.
        services.TryAddSingleton<Databases.KubernetesDatabaseWorkloadGateway>();
        services.TryAddSingleton<IDatabaseWorkloadGateway>(sp => sp.GetRequiredService<Databases.KubernetesDatabaseWorkloadGateway>());
        // The migration gateway keeps its discovery cache (kinds → paths, per cluster) for the life of the process.
        services.TryAddSingleton<Moves.KubernetesMigrationGateway>();
        services.TryAddSingleton<IMigrationClusterGateway>(sp => sp.GetRequiredService<Moves.KubernetesMigrationGateway>());
        // Restore drills write through the migration gateway's apply (same discovery cache).
        services.TryAddSingleton<IDrillClusterGateway, Drills.KubernetesDrillGateway>();
        services.TryAddSingleton<IStorageInventoryGateway, Storage.KubernetesStorageInventoryGateway>();
        // Claims made from CSI snapshots (restore, fast rollback), through the same apply and wait.
        services.TryAddSingleton<IClaimRestoreGateway, Snapshots.KubernetesClaimRestoreGateway>();
        // CSI snapshots of tenants' claims: reads through the migration gateway (same discovery cache), the one write and wait.
        services.TryAddSingleton<ISnapshotClusterGateway, Snapshots.KubernetesSnapshotGateway>();
        // The protection follower's read of every namespace's snapshots and claims (recovery points where a policy counts them).
        services.TryAddSingleton<ISnapshotFollowGateway, Snapshots.KubernetesSnapshotFollowGateway>();
        // The protection follower's watches of each cluster's Velero collections, on the same client cache.
        services.TryAddSingleton<IVeleroFollowGateway, Protection.KubernetesVeleroFollowGateway>();
        // Restore previews: backups' resource lists (kept per backup) and the live target, read with the portal's rights.
        services.TryAddSingleton<IRestorePreviewGateway, Preview.KubernetesRestorePreviewGateway>();
        return services;
    }

    public static IServiceCollection AddPortalKubernetes(this IServiceCollection services) => services.AddPortalKubernetes(null);
}
