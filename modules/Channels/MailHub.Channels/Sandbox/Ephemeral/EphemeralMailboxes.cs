using System.Security.Cryptography;
using FastEndpoints;
using FluentValidation;
using MailHub.Channels.Mailboxes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox.Ephemeral;

/// <summary>A throwaway sandbox mailbox for one test run; <paramref name="TtlMinutes"/> 1 to 10080 (a week), 60 when left out.</summary>
internal sealed record EphemeralMailboxRequest(int? TtlMinutes, string? Name);

/// <summary>The mailbox made: mail to <paramref name="Address"/> arrives in it, what it sends is captured; both go at <paramref name="ExpiresAt"/>.</summary>
internal sealed record EphemeralMailboxResponse(Guid Id, string Address, string Name, DateTimeOffset ExpiresAt);

/// <summary>One ephemeral mailbox: its address, when it goes, and how many captured messages it has.</summary>
internal sealed record EphemeralMailboxItem(Guid Id, string Address, string Name, DateTimeOffset ExpiresAt, long Captured);

internal sealed class EphemeralMailboxRequestValidator : Validator<EphemeralMailboxRequest>
{
    public EphemeralMailboxRequestValidator()
    {
        RuleFor(r => r.TtlMinutes).InclusiveBetween(1, 10080).WithMessage("ttlMinutes is from 1 to 10080 (a week); 60 when left out.");
        RuleFor(r => r.Name).MaximumLength(100).WithMessage("name is at most 100 characters.");
    }
}

/// <summary>
/// Ephemeral sandbox mailboxes: made with a random address in the sandbox domain and a time to live; the retention sweep
/// (<see cref="Retention.SandboxRetention"/>, one node at a time) deletes an expired one with its captured mail. Mail it received
/// stays with its conversations, as for any deleted mailbox.
/// </summary>
internal sealed class EphemeralMailboxes(NpgsqlDataSource dataSource, MailboxStore mailboxes, IOptions<SandboxOptions> sandbox)
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public async Task<EphemeralMailboxResponse> CreateAsync(EphemeralMailboxRequest request, CancellationToken cancellationToken)
    {
        var token = RandomNumberGenerator.GetString(Alphabet, 10);
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"QA run {token}" : $"{request.Name.Trim()} {token}";
        var errors = new Dictionary<string, string[]>();
        var draft = MailboxForm.Validate(new MailboxRequest
        {
            Name = name,
            Address = $"qa-{token}@{sandbox.Value.Domain}",
            Inbound = new ServerRequest(InboundProtocols.Sandbox, null, null, null, null, null, null, null, null),
        }, sandbox.Value.Domain, null, errors) ?? throw new InvalidOperationException("An ephemeral mailbox's form was refused: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        var mailbox = await mailboxes.CreateAsync(draft, cancellationToken);
        var expires = DateTimeOffset.UtcNow.AddMinutes(request.TtlMinutes ?? 60);
        await using var command = dataSource.CreateCommand("INSERT INTO channels.sandbox_ephemeral (mailbox_id, expires_at) VALUES ($1, $2)");
        command.Parameters.Add(new() { Value = mailbox.Id });
        command.Parameters.Add(new() { Value = expires });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new EphemeralMailboxResponse(mailbox.Id, mailbox.Address, mailbox.Name, expires);
    }

    /// <summary>The ephemeral mailboxes, soonest to expire first, each with how much captured mail it has.</summary>
    public async Task<IReadOnlyList<EphemeralMailboxItem>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT e.mailbox_id, m.address, m.name, e.expires_at,
                   (SELECT count(*) FROM channels.sandbox_messages s WHERE s.mailbox_id = e.mailbox_id)
            FROM channels.sandbox_ephemeral e JOIN channels.mailboxes m ON m.id = e.mailbox_id
            ORDER BY e.expires_at, e.mailbox_id
            """);
        var items = new List<EphemeralMailboxItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            items.Add(new EphemeralMailboxItem(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4)));
        return items;
    }

    /// <summary>Deletes one ephemeral mailbox now, as its expiry would; false when <paramref name="id"/> is not one.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand("SELECT 1 FROM channels.sandbox_ephemeral WHERE mailbox_id = $1"))
        {
            command.Parameters.Add(new() { Value = id });
            if (await command.ExecuteScalarAsync(cancellationToken) is null)
                return false;
        }
        await DeleteOneAsync(id, cancellationToken);
        return true;
    }

    private async Task DeleteOneAsync(Guid id, CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand("DELETE FROM channels.sandbox_messages WHERE mailbox_id = $1"))
        {
            command.Parameters.Add(new() { Value = id });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await mailboxes.DeleteAsync(id, cancellationToken);
        await using (var command = dataSource.CreateCommand("DELETE FROM channels.sandbox_ephemeral WHERE mailbox_id = $1"))
        {
            command.Parameters.Add(new() { Value = id });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Deletes the expired ones (their captures, then the mailbox); how many. Called by the retention sweep under its lock.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = new List<Guid>();
        await using (var command = dataSource.CreateCommand("SELECT mailbox_id FROM channels.sandbox_ephemeral WHERE expires_at <= now()"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                expired.Add(reader.GetGuid(0));
        }
        foreach (var id in expired)
            await DeleteOneAsync(id, cancellationToken);
        return expired.Count;
    }
}

/// <summary>POST /api/sandbox/mailboxes.</summary>
internal sealed class CreateEphemeralMailbox(EphemeralMailboxes ephemeral) : Endpoint<EphemeralMailboxRequest, EphemeralMailboxResponse>
{
    public override void Configure()
    {
        Post("/sandbox/mailboxes");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<EphemeralMailboxResponse>(StatusCodes.Status201Created, "application/json"));
        Summary(s =>
        {
            s.Summary = "Make a throwaway sandbox mailbox for a test run.";
            s.Description = "A sandbox mailbox with a random address (qa-<random>@ the sandbox domain) that lives ttlMinutes (default 60, at most "
                + "a week): mail to it arrives over the SMTP listener, what it sends is captured. When it expires it is deleted with its "
                + "captured mail (within MailHub:Sandbox:RetentionInterval). 201 with its id, address and expiresAt.";
        });
    }

    public override async Task HandleAsync(EphemeralMailboxRequest request, CancellationToken cancellationToken)
    {
        var made = await ephemeral.CreateAsync(request, cancellationToken);
        HttpContext.Response.Headers.Location = $"/api/channels/mailboxes/{made.Id}";
        await Send.ResponseAsync(made, StatusCodes.Status201Created, cancellationToken);
    }
}
