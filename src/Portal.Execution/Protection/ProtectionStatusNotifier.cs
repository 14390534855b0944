using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Execution.Protection;

/// <summary>"The protection status of namespaces changed", to open pages of every replica. Registered by the
/// executor's composition so the follower and the executor always have it.</summary>
internal sealed class ProtectionStatusNotifier(ILogger<ProtectionStatusNotifier> log, IChangeRelay? relay = null)
    : ChangeFanOut<ProtectionChange>(log, relay), IProtectionStatusNotifier
{
    public void Notify(ProtectionChange change) => Publish(change);

    public IDisposable Subscribe(Func<ProtectionChange, bool> wants, Func<Task> onChanged) => SubscribeWhere(wants, onChanged);
}
