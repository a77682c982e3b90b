using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Mailboxes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Channels.Sandbox.Webhooks;

/// <summary>A webhook as the API answers it: never its secret.</summary>
internal sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason, int FailuresInARow,
    DateTimeOffset CreatedAt, IReadOnlyList<WebhookDelivery> Deliveries);

/// <summary>One delivery (one event to one webhook) with how its attempts went.</summary>
internal sealed record WebhookDelivery(Guid Id, string Event, string State, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? FinishedAt);

/// <summary>What a webhook receives (the body, JSON): the event and the message's summary, with where its raw source is.</summary>
internal sealed record WebhookPayload(string Event, Guid Id, DateTimeOffset At, Guid? MailboxId, string MailFrom, IReadOnlyList<string> RcptTo,
    string? From, string? To, string? Subject, string? MessageId, long Size, string Raw);

/// <summary>
/// The sandbox's webhooks: registered through the API, fed in the transaction that captures a message (event "captured") and by
/// the MessageReceived subscription for mail into a sandbox mailbox ("received"), delivered by <see cref="Deliver"/> with retries.
/// Each POST is signed: <c>X-MailHub-Timestamp</c> (Unix seconds) and <c>X-MailHub-Signature: sha256=&lt;hex HMAC-SHA256 of
/// timestamp + "." + body with the webhook's secret&gt;</c>, so a receiver checks both the body and its age (replay).
/// </summary>
internal sealed partial class SandboxWebhooks(
    NpgsqlDataSource dataSource,
    IDataProtectionProvider protection,
    IHttpClientFactory http,
    IOptions<SandboxOptions> options,
    TimeProvider time,
    ILogger<SandboxWebhooks> logger) : BackgroundService
{
    public static readonly string[] Events = ["captured", "received"];

    /// <summary>The name of the HTTP client that POSTs deliveries.</summary>
    public const string ClientName = "sandbox-webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDataProtector _protector = protection.CreateProtector("MailHub.Channels.Sandbox.Webhooks.v1");
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    public async Task<WebhookResponse> CreateAsync(string url, string secret, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand("INSERT INTO channels.sandbox_webhooks (id, url, secret, events) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = url });
        command.Parameters.Add(new() { Value = _protector.Protect(secret) });
        command.Parameters.Add(new() { Value = events.Select(e => e.ToLowerInvariant()).Distinct().ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (await ListAsync(id, cancellationToken)).Single();
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM channels.sandbox_webhooks WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Turns a webhook back on after it was disabled for its failures.</summary>
    public async Task<bool> EnableAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE channels.sandbox_webhooks SET enabled = true, disabled_reason = NULL, failures_in_a_row = 0 WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Every webhook (or one), each with its last 50 deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookResponse>> ListAsync(Guid? id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hooks = new List<(Guid Id, string Url, string[] Events, bool Enabled, string? Reason, int Failures, DateTimeOffset CreatedAt)>();
        await using (var command = new NpgsqlCommand(
            "SELECT id, url, events, enabled, disabled_reason, failures_in_a_row, created_at FROM channels.sandbox_webhooks WHERE $1::uuid IS NULL OR id = $1 ORDER BY created_at",
            connection))
        {
            command.Parameters.Add(new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                hooks.Add((reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        var answer = new List<WebhookResponse>();
        foreach (var hook in hooks)
        {
            var deliveries = new List<WebhookDelivery>();
            await using (var command = new NpgsqlCommand("""
                SELECT id, event, state, attempts, last_status, last_error, created_at, next_attempt_at, finished_at
                FROM channels.sandbox_webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50
                """, connection))
            {
                command.Parameters.Add(new() { Value = hook.Id });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var state = reader.GetString(2);
                    deliveries.Add(new WebhookDelivery(reader.GetGuid(0), reader.GetString(1), state, reader.GetInt32(3),
                        reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6),
                        state == "pending" ? reader.GetFieldValue<DateTimeOffset>(7) : null, reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
                }
            }
            answer.Add(new WebhookResponse(hook.Id, hook.Url, hook.Events, hook.Enabled, hook.Reason, hook.Failures, hook.CreatedAt, deliveries));
        }
        return answer;
    }

    /// <summary>
    /// Queues the event for every enabled webhook that takes it, in the caller's transaction when there is one (the capture's, so a
    /// capture and its deliveries commit together); the worker is woken after the commit by <see cref="Wake"/>.
    /// </summary>
    public async Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, WebhookPayload payload, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO channels.sandbox_webhook_deliveries (id, webhook_id, event, payload)
            SELECT gen_random_uuid(), id, $1, $2 FROM channels.sandbox_webhooks WHERE enabled AND $1 = ANY(events)
            """, connection, transaction);
        command.Parameters.Add(new() { Value = payload.Event });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(payload, Json) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task EnqueueAsync(WebhookPayload payload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await EnqueueAsync(connection, null, payload, cancellationToken);
        Wake();
    }

    /// <summary>The raw source's address: absolute with <see cref="SandboxOptions.PublicUrl"/>, else the API path.</summary>
    public string RawLink(string path) =>
        string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? path : options.Value.PublicUrl.TrimEnd('/') + path;

    public void Wake() => _wake.Release();

    /// <summary>The signature of one POST: hex HMAC-SHA256 over <c>timestamp + "." + body</c> with the webhook's secret.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverOneAsync(stoppingToken))
                {
                }
                await _wake.WaitAsync(options.Value.WebhookPoll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogWorkerFailed(e);
                await Task.Delay(options.Value.WebhookPoll, stoppingToken);
            }
        }
    }

    /// <summary>
    /// One due delivery (FOR UPDATE SKIP LOCKED: one node sends it), POSTed and its outcome committed with the row's lock: 2xx is
    /// delivered; anything else is tried again after <see cref="SandboxOptions.WebhookRetryDelay"/>, doubling, until
    /// <see cref="SandboxOptions.WebhookMaxAttempts"/>. A webhook whose attempts failed <see cref="SandboxOptions.WebhookDisableAfter"/>
    /// times in a row is disabled with the last failure as its reason.
    /// </summary>
    internal async Task<bool> DeliverOneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid id, webhook;
        string url, secret, body, eventName;
        int attempts;
        await using (var claim = new NpgsqlCommand("""
            SELECT d.id, d.webhook_id, w.url, w.secret, d.payload, d.event, d.attempts
            FROM channels.sandbox_webhook_deliveries d JOIN channels.sandbox_webhooks w ON w.id = d.webhook_id
            WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND w.enabled
            ORDER BY d.next_attempt_at LIMIT 1 FOR UPDATE OF d SKIP LOCKED
            """, connection, transaction))
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return false;
            (id, webhook, url, secret, body, eventName, attempts) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetInt32(6) + 1);
        }

        int? status = null;
        string? error = null;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-MailHub-Event", eventName);
            request.Headers.Add("X-MailHub-Delivery", id.ToString());
            request.Headers.Add("X-MailHub-Timestamp", timestamp);
            request.Headers.Add("X-MailHub-Signature", Sign(_protector.Unprotect(secret), timestamp, body));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("MailHub-Sandbox", "1"));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.WebhookTimeout);
            using var response = await http.CreateClient(ClientName).SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
                error = $"{status} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = e is OperationCanceledException ? $"no answer within {options.Value.WebhookTimeout.TotalSeconds:0.#} s" : e.Message;
        }

        var delivered = error is null;
        var final = delivered || attempts >= options.Value.WebhookMaxAttempts;
        var delay = options.Value.WebhookRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 16));
        await using (var update = new NpgsqlCommand("""
            UPDATE channels.sandbox_webhook_deliveries SET attempts = $2, state = $3, last_status = $4, last_error = $5,
                next_attempt_at = now() + $6, finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
            WHERE id = $1
            """, connection, transaction))
        {
            update.Parameters.Add(new() { Value = id });
            update.Parameters.Add(new() { Value = attempts });
            update.Parameters.Add(new() { Value = delivered ? "delivered" : final ? "failed" : "pending" });
            update.Parameters.Add(new() { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            update.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = delay < options.Value.WebhookMaxRetryDelay ? delay : options.Value.WebhookMaxRetryDelay });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var hook = new NpgsqlCommand("""
            UPDATE channels.sandbox_webhooks SET
                failures_in_a_row = CASE WHEN $2 THEN 0 ELSE failures_in_a_row + 1 END,
                enabled = CASE WHEN NOT $2 AND failures_in_a_row + 1 >= $3 THEN false ELSE enabled END,
                disabled_reason = CASE WHEN NOT $2 AND failures_in_a_row + 1 >= $3
                    THEN ($3::text || ' attempts in a row failed, the last: ' || $4 || '. Fix the receiver, then enable it again (POST /api/sandbox/webhooks/{id}/enable).')
                    ELSE disabled_reason END
            WHERE id = $1
            """, connection, transaction))
        {
            hook.Parameters.Add(new() { Value = webhook });
            hook.Parameters.Add(new() { Value = delivered });
            hook.Parameters.Add(new() { Value = options.Value.WebhookDisableAfter });
            hook.Parameters.Add(new() { Value = error ?? "", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await hook.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (!delivered)
            LogAttemptFailed(url, attempts, error!);
        return true;
    }

    [LoggerMessage(LogLevel.Information, "Sandbox webhook {Url}: attempt {Attempt} failed ({Error})")]
    private partial void LogAttemptFailed(string url, int attempt, string error);

    [LoggerMessage(LogLevel.Warning, "The sandbox webhooks could not be read; trying again shortly")]
    private partial void LogWorkerFailed(Exception e);
}
