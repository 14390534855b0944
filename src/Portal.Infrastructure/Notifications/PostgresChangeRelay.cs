using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Application.Common;

namespace Portal.Infrastructure.Notifications;

/// <summary>Carries change notifications between the replicas sharing one PostgreSQL database, through
/// <c>LISTEN/NOTIFY</c> on <see cref="ChannelName"/>. The payload is a small JSON envelope with the ids (origin replica,
/// type, the change itself: tenant, request or database id, kind), never data.
/// <para>Sending returns at once: changes go into a bounded outbox that one loop sends in batches over a pooled
/// connection (when the database is away, the oldest are dropped). Listening holds one dedicated connection, waits with
/// <see cref="NpgsqlConnection.WaitAsync(TimeSpan, CancellationToken)"/>, probes it when quiet, and reconnects with
/// jittered exponential backoff; after a reconnect every subscriber re-reads once, since changes may have been missed
/// meanwhile. A replica ignores its own notifications (they were delivered in-process already).</para></summary>
public sealed class PostgresChangeRelay : BackgroundService, IChangeRelay
{
    public const string ChannelName = "portal_changes";
    /// <summary>The listening connection's application_name, so operators (and tests) can find it.</summary>
    public const string ListenerApplicationName = "portal-change-listener";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly string _sendConnectionString;
    private readonly string _listenConnectionString;
    private readonly ILogger<PostgresChangeRelay> _log;
    private readonly TimeProvider _time;
    private readonly Guid _origin = Guid.NewGuid();
    private readonly ConcurrentDictionary<string, Topic> _topics = new();
    private readonly Channel<string> _outbox = Channel.CreateBounded<string>(new BoundedChannelOptions(1024)
    {
        FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
    });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresChangeRelay(string connectionString, ILogger<PostgresChangeRelay> log, TimeProvider time)
    {
        _sendConnectionString = connectionString;
        // A connection of its own, outside the pool: a broken one is never handed to anyone else.
        _listenConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false, ApplicationName = ListenerApplicationName,
        }.ToString();
        _log = log;
        _time = time;
    }

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A quiet connection is probed this often, so a dead one is noticed (and re-opened) without traffic.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Completes once this replica listens (for start-up ordering and tests).</summary>
    public Task Listening => _listening.Task;

    /// <summary>How many times the listening connection was (re)opened.</summary>
    public int Connections => Volatile.Read(ref _connections);
    private int _connections;

    public void Send<TChange>(TChange change) where TChange : notnull =>
        _outbox.Writer.TryWrite(JsonSerializer.Serialize(new Envelope(_origin, typeof(TChange).Name, JsonSerializer.SerializeToElement(change, Json)), Json));

    public void Attach<TChange>(Action<TChange> deliver, Action resync) where TChange : notnull
    {
        var topic = _topics.GetOrAdd(typeof(TChange).Name, _ => new Topic(typeof(TChange)));
        lock (topic) topic.Receivers.Add((c => deliver((TChange)c), resync));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendLoopAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stop)
    {
        var backoff = MinBackoff;
        var missed = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(_listenConnectionString);
                await conn.OpenAsync(stop);
                conn.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", conn)) await listen.ExecuteNonQueryAsync(stop);
                Interlocked.Increment(ref _connections);
                _listening.TrySetResult();
                if (missed)
                {
                    _log.LogInformation("Listening for changes of other replicas again; open pages re-read once");
                    ResyncAll();
                    missed = false;
                }
                backoff = MinBackoff;
                while (true)
                {
                    if (await conn.WaitAsync(ProbeInterval, stop)) continue;
                    await using var probe = new NpgsqlCommand("SELECT 1", conn);
                    await probe.ExecuteScalarAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                missed = true;
                var wait = Jitter(backoff);
                _log.LogWarning(ex, "Lost the connection that listens for other replicas' changes; again in {Delay}", wait);
                try
                {
                    await Task.Delay(wait, _time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(e.Payload, Json);
            if (envelope is null || envelope.Origin == _origin || !_topics.TryGetValue(envelope.Type, out var topic)) return;
            var change = envelope.Change.Deserialize(topic.Type, Json);
            if (change is null) return;
            List<(Action<object> Deliver, Action Resync)> receivers;
            lock (topic) receivers = [.. topic.Receivers];
            foreach (var (deliver, _) in receivers) deliver(change);
        }
        catch (Exception ex)
        {
            _log.LogDebug(ex, "Ignored a change notification that could not be read: {Payload}", e.Payload);
        }
    }

    private void ResyncAll()
    {
        foreach (var topic in _topics.Values)
        {
            List<(Action<object> Deliver, Action Resync)> receivers;
            lock (topic) receivers = [.. topic.Receivers];
            foreach (var (_, resync) in receivers) resync();
        }
    }

    private async Task SendLoopAsync(CancellationToken stop)
    {
        var batch = new List<string>();
        var backoff = MinBackoff;
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(stop))
            {
                while (batch.Count < 100 && _outbox.Reader.TryRead(out var payload)) batch.Add(payload);
                try
                {
                    await using var conn = new NpgsqlConnection(_sendConnectionString);
                    await conn.OpenAsync(stop);
                    await using var send = new NpgsqlBatch(conn);
                    foreach (var payload in batch)
                        send.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = ChannelName }, new() { Value = payload } } });
                    await send.ExecuteNonQueryAsync(stop);
                    batch.Clear();
                    backoff = MinBackoff;
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    // Kept and sent again after the pause; meanwhile the outbox drops its oldest when full.
                    var wait = Jitter(backoff);
                    _log.LogWarning(ex, "Could not tell other replicas about {Count} changes; again in {Delay}", batch.Count, wait);
                    await Task.Delay(wait, _time, stop);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopping
        }
    }

    private static TimeSpan Jitter(TimeSpan backoff) => backoff * (0.5 + Random.Shared.NextDouble() / 2);

    private sealed record Envelope(
        [property: JsonPropertyName("o")] Guid Origin,
        [property: JsonPropertyName("t")] string Type,
        [property: JsonPropertyName("c")] JsonElement Change);

    private sealed class Topic(Type type)
    {
        public Type Type { get; } = type;
        public List<(Action<object> Deliver, Action Resync)> Receivers { get; } = [];
    }
}
