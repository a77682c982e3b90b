using System.Security.Cryptography;
using MailHub.Core.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Core.Accounts;

/// <summary>
/// What an account may do. An admin changes the settings (mailboxes, relay accounts, rules, departments, members, the
/// sandbox, the read model) and sees every team's conversations; a supervisor sees and acts on every team's conversations
/// but changes no settings; an agent works on the conversations of their own teams.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Supervisor = "supervisor";
    public const string Agent = "agent";

    /// <summary>The roles that see every team's conversations, for endpoints that declare them (FastEndpoints' <c>Roles(...)</c>).</summary>
    public static readonly string[] AllTeams = [Admin, Supervisor];

    public static bool IsKnown(string role) => role is Admin or Supervisor or Agent;

    public static bool SeesAllTeams(string role) => role is Admin or Supervisor;

    /// <summary>What to say when a role is not one of these.</summary>
    public static string Unknown(string role) => $"Unknown role '{role}': use \"{Admin}\", \"{Supervisor}\" or \"{Agent}\".";
}

/// <summary>Someone who logs in to the console.</summary>
public sealed record Account(Guid Id, string Email, string DisplayName, string Role, bool Disabled);

/// <summary>Console accounts, with passwords hashed by ASP.NET Core's <see cref="PasswordHasher{TUser}"/>.</summary>
public sealed class AccountStore(NpgsqlDataSource dataSource, AuditLog audit, ILogger<AccountStore> logger)
{
    internal static readonly PasswordHasher<Account> Hasher = new();

    /// <summary>A new account; with no <paramref name="password"/> it cannot sign in until its invitation is used (<see cref="AccountInvitations"/>).</summary>
    public async Task<Account> CreateAsync(string email, string displayName, string role, string? password,
        Guid? id = null, CancellationToken cancellationToken = default)
    {
        if (!Roles.IsKnown(role))
            throw new ArgumentException(Roles.Unknown(role), nameof(role));
        var account = new Account(id ?? Guid.CreateVersion7(), email.Trim(), displayName, role, Disabled: false);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO core.accounts (id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new() { Value = account.Id });
        command.Parameters.Add(new() { Value = account.Email });
        command.Parameters.Add(new() { Value = displayName });
        command.Parameters.Add(new() { Value = role });
        command.Parameters.Add(new() { Value = password is null ? DBNull.Value : Hasher.HashPassword(account, password), NpgsqlDbType = NpgsqlDbType.Text });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateEmailException(email);
        }
        return account;
    }

    public async Task<Account?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id, email, display_name, role, disabled FROM core.accounts WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Account(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4))
            : null;
    }

    public async Task UpdateAsync(Guid id, string email, string displayName, string role, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE core.accounts SET email = $2, display_name = $3, role = $4 WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = email.Trim() });
        command.Parameters.Add(new() { Value = displayName });
        command.Parameters.Add(new() { Value = role });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateEmailException(email);
        }
    }

    /// <summary>
    /// Replaces the password (an admin resetting an agent's password). The account must change it at its next sign-in,
    /// is unlocked, and every session it had is signed out on every node. False when there is no such account.
    /// </summary>
    public async Task<bool> SetPasswordAsync(Guid id, string password, CancellationToken cancellationToken = default)
    {
        var account = await FindAsync(id, cancellationToken);
        if (account is null)
            return false;
        await using var command = dataSource.CreateCommand("""
            WITH signed_out AS (DELETE FROM core.sessions WHERE account_id = $1)
            UPDATE core.accounts SET password_hash = $2, must_change_password = true, failed_sign_ins = 0, locked_until = NULL WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = Hasher.HashPassword(account, password) });
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            return false;
        await audit.RecordAsync("ResetPassword", id.ToString());
        return true;
    }

    /// <summary>Disables (or enables again) an account; disabling signs every session it had out on every node.</summary>
    public async Task<bool> SetDisabledAsync(Guid id, bool disabled, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH signed_out AS (DELETE FROM core.sessions WHERE account_id = $1 AND $2)
            UPDATE core.accounts SET disabled = $2 WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = disabled });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// On first start with no accounts, creates the admin from MailHub:Admin:Email and
    /// MailHub:Admin:Password; with no password configured, generates one and prints it once.
    /// </summary>
    public async Task EnsureAdminAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM core.accounts");
        if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > 0)
            return;
        var email = configuration["MailHub:Admin:Email"] ?? "admin@mailhub.local";
        var password = configuration["MailHub:Admin:Password"];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('/', '_').Replace('+', '-');
        Account admin;
        try
        {
            admin = await CreateAsync(email, "Administrator", Roles.Admin, password!, cancellationToken: cancellationToken);
        }
        catch (DuplicateEmailException)
        {
            return; // another node created it at the same moment
        }
        if (generated)
        {
            // A password that went through a console or a log is changed at the first sign-in before anything else.
            await using var mustChange = dataSource.CreateCommand("UPDATE core.accounts SET must_change_password = true WHERE id = $1");
            mustChange.Parameters.Add(new() { Value = admin.Id });
            await mustChange.ExecuteNonQueryAsync(cancellationToken);
            // Printed once, on the console, and never stored in clear.
            Console.WriteLine($"MailHub created the admin account {email} with the password: {password}");
            Console.WriteLine("Sign in with it and choose your own (MailHub asks first), or set MailHub:Admin:Password before the first start.");
        }
        logger.LogInformation("Created the admin account {Email}", email);
    }
}

public sealed class DuplicateEmailException(string email) : Exception($"An account with the e-mail '{email}' already exists.");
