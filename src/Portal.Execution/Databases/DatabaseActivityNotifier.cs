using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Execution.Databases;

/// <summary>"A database's dumps changed", to open database pages of every replica. Registered by the executor's
/// composition so the tracker always has it; the web host may replace it.</summary>
internal sealed class DatabaseActivityNotifier(ILogger<DatabaseActivityNotifier> log, IChangeRelay? relay = null)
    : ChangeFanOut<DatabaseActivityChange>(log, relay), IDatabaseActivityNotifier
{
    public void Notify(DatabaseActivityChange change) => Publish(change);

    public IDisposable Subscribe(Guid databaseId, Func<Task> onChanged) => SubscribeWhere(c => c.DatabaseId == databaseId, onChanged);
}
