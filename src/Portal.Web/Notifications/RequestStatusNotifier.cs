using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Web.Notifications;

/// <summary>"A request changed", to the open circuits of this replica and, through the relay (PostgreSQL
/// LISTEN/NOTIFY), of the others.</summary>
internal sealed class RequestStatusNotifier(ILogger<RequestStatusNotifier> log, IChangeRelay? relay = null)
    : ChangeFanOut<RequestChange>(log, relay), IRequestStatusNotifier
{
    public void Notify(RequestChange change) => Publish(change);

    public IDisposable Subscribe(RequestChangeFilter filter, Func<Task> onChanged) => SubscribeWhere(filter.Matches, onChanged);
}
