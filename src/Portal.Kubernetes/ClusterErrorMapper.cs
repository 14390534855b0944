using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes;

/// <summary>What the adapter was doing when a call failed, used to word the error: "list backups.velero.io in
/// namespace velero".</summary>
public sealed record KubeOperation(string Verb, string Resource, string? Namespace = null, string? Name = null)
{
    public string Describe()
    {
        var what = Name is null ? $"{Verb} {Resource}" : $"{Verb} {Resource} '{Name}'";
        return Namespace is null ? what : $"{what} in namespace '{Namespace}'";
    }
}

/// <summary>Maps every KubernetesClient or network failure to a <see cref="ClusterAccessException"/> worded for
/// people. Cancellation asked for by the caller is not an error and is passed through unchanged.</summary>
public static class ClusterErrorMapper
{
    /// <summary>Returns null when <paramref name="error"/> is the caller's own cancellation (rethrow it as is).</summary>
    public static ClusterAccessException? Map(Exception error, ClusterConnection cluster, KubeOperation operation, CancellationToken callerToken)
    {
        switch (error)
        {
            case ClusterAccessException mapped:
                return mapped;
            case NotKubernetesApiException foreign:
                return new ClusterAccessException(ClusterFault.Invalid,
                    $"The address of {cluster} answered, but not as a Kubernetes API server: {foreign.Description} (while trying to {operation.Describe()}). " +
                    "Check the server URL in the kubeconfig: it must be the API server itself, not a dashboard, proxy login or web site.", error);
            case JsonException:
                return new ClusterAccessException(ClusterFault.Invalid,
                    $"The address of {cluster} answered, but not as a Kubernetes API server: its answer is not the JSON an API server sends " +
                    $"(while trying to {operation.Describe()}). Check the server URL in the kubeconfig.", error);
            case HttpRequestException when Find<RefusedAddressException>(error) is { } refused:
                return new ClusterAccessException(ClusterFault.Invalid, $"The portal did not connect to {cluster}: {refused.Message}", error);
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return null;
            case HttpOperationException http:
                return MapStatus(http.Response?.StatusCode ?? 0, http.Response?.Content, cluster, operation, http);
            case KubernetesException k8s when k8s.Status is { } status:
                return MapStatus((HttpStatusCode)(status.Code ?? 0), JsonSerializer.Serialize(new { message = status.Message, reason = status.Reason }),
                    cluster, operation, k8s);
            case OperationCanceledException:
                return new ClusterAccessException(ClusterFault.Timeout,
                    $"{Capitalise(cluster.ToString())} did not answer in time (while trying to {operation.Describe()}).", error);
            case TimeoutException:
                return new ClusterAccessException(ClusterFault.Timeout,
                    $"{Capitalise(cluster.ToString())} did not answer in time (while trying to {operation.Describe()}).", error);
            case KubeConfigException:
                return new ClusterAccessException(ClusterFault.Invalid, $"The kubeconfig of {cluster} cannot be used: {error.Message}", error);
            case HttpRequestException or SocketException or IOException or AuthenticationException or ObjectDisposedException:
                return new ClusterAccessException(ClusterFault.Unreachable,
                    $"Cannot reach {cluster}: {NetworkReason(error)} (while trying to {operation.Describe()}).", error);
            default:
                return new ClusterAccessException(ClusterFault.ServerError,
                    $"Unexpected failure talking to {cluster} (while trying to {operation.Describe()}): {error.GetType().Name}: {error.Message}", error);
        }
    }

    /// <summary>Maps and throws; rethrows the caller's own cancellation untouched.</summary>
    public static Exception Translate(Exception error, ClusterConnection cluster, KubeOperation operation, CancellationToken callerToken) =>
        Map(error, cluster, operation, callerToken) ?? (Exception)new OperationCanceledException(callerToken);

    internal static ClusterAccessException MapStatus(HttpStatusCode code, string? body, ClusterConnection cluster, KubeOperation operation, Exception inner)
    {
        if ((int)code is not (401 or 403) && !string.IsNullOrWhiteSpace(body) && body.TrimStart().StartsWith('<'))
        {
            return new ClusterAccessException(ClusterFault.Invalid,
                $"The address of {cluster} answered {(int)code}, but not as a Kubernetes API server: {ForeignAnswer.Describe(body)} " +
                $"(while trying to {operation.Describe()}). Check the server URL in the kubeconfig.", inner);
        }

        var (message, reason) = ReadStatus(body);
        var detail = string.IsNullOrWhiteSpace(message) ? "" : $" The API server said: {message}";
        var c = cluster.ToString();
        return (int)code switch
        {
            401 => new ClusterAccessException(ClusterFault.Unauthorized,
                $"The cluster rejected the credential (expired or revoked token?) of {c}. Register a fresh kubeconfig for it.", inner),
            403 => new ClusterAccessException(ClusterFault.Forbidden,
                $"The credential of {c} is not allowed to {operation.Describe()}. Grant it that permission with RBAC.{detail}", inner),
            404 => new ClusterAccessException(ClusterFault.NotFound,
                $"Not found on {c} (while trying to {operation.Describe()}).{detail}", inner),
            409 => new ClusterAccessException(ClusterFault.Conflict,
                $"Conflict on {c} (while trying to {operation.Describe()}).{detail}", inner),
            410 => new ClusterAccessException(ClusterFault.ServerError,
                $"The watch history of {c} moved on (410 Gone) while trying to {operation.Describe()}.", inner),
            400 or 415 or 422 => new ClusterAccessException(ClusterFault.Invalid,
                $"{Capitalise(c)} refused the object as invalid (while trying to {operation.Describe()}).{detail}", inner),
            429 => new ClusterAccessException(ClusterFault.ServerError,
                $"{Capitalise(c)} is throttling requests (429) while trying to {operation.Describe()}; it will be retried.", inner),
            504 => new ClusterAccessException(ClusterFault.Timeout,
                $"{Capitalise(c)} timed out (504) while trying to {operation.Describe()}.{detail}", inner),
            >= 500 => new ClusterAccessException(ClusterFault.ServerError,
                $"{Capitalise(c)} had an internal error ({(int)code}) while trying to {operation.Describe()}.{detail}", inner),
            _ => new ClusterAccessException(ClusterFault.ServerError,
                $"{Capitalise(c)} answered {(int)code} {reason} while trying to {operation.Describe()}.{detail}", inner),
        };
    }

    /// <summary>The <c>message</c> and <c>reason</c> of a Kubernetes <c>Status</c> body, when it is one.</summary>
    internal static (string? Message, string? Reason) ReadStatus(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            return (VeleroStatusParser.String(root, "message"), VeleroStatusParser.String(root, "reason"));
        }
        catch (JsonException)
        {
            // Not a Kubernetes Status: never echo the far side's body, only say what it was.
            return ($"(not a Kubernetes answer: {ForeignAnswer.Describe(body)})", null);
        }
    }

    /// <summary>Why a connection failed, in words: refused, DNS, TLS trust, reset.</summary>
    internal static string NetworkReason(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException:
                    return "the server's TLS certificate is not trusted (it does not match the certificate-authority-data in the kubeconfig, or the host name differs)";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "the connection was refused (nothing listens at the server address, or a firewall rejects it)";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return "the server's host name could not be resolved (DNS)";
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return "the connection timed out (the address may be unroutable or filtered)";
                case SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable }:
                    return "the network or host is unreachable";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return "the connection was reset";
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return "the server's host name could not be resolved (DNS)";
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } when e.InnerException is null:
                    return "the TLS handshake failed (the server's certificate is not trusted)";
                case ObjectDisposedException:
                    return "the connection was closed because the cluster's credential was replaced";
            }
        }

        return error switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS handshake failed",
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the server closed the connection",
            IOException => "the connection broke",
            _ => error.Message,
        };
    }

    private static T? Find<T>(Exception? error) where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
