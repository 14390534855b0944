using Microsoft.Extensions.Hosting;

namespace Portal.ClusterSimulator.Hosting;

/// <summary>
/// Keeps the simulator's web host away from Ctrl+C/SIGTERM. The default console lifetime would swallow SIGTERM for
/// the whole process (and stop only this host), which breaks the embedding portal's shutdown and made the command
/// line host ignore <c>kill</c>. Whoever owns the process decides when to stop us.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
