using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Web.Notifications;

/// <summary>"A request changed", to the open circuits. (With several replicas, a page sees changes made by another
/// replica's executor at its next re-read; the request page also polls.)</summary>
internal sealed class RequestStatusNotifier(ILogger<RequestStatusNotifier> log) : ChangeFanOut(log), IRequestStatusNotifier;
