using MailHub.Core.Accounts;
using MailHub.Core.Audit;
using MailHub.Core.Database;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailHub.Core.Tests.Accounts;

/// <summary>Sessions, lockout, forced password changes and resets on a real PostgreSQL with the core schema.</summary>
public sealed class AccountDoorsTests : IAsyncLifetime
{
    private static readonly LockoutPolicy ThreeStrikes = new(3, TimeSpan.FromMinutes(15));

    private NpgsqlDataSource _dataSource = null!;
    private AccountStore _accounts = null!;
    private AccountSessions _sessions = null!;
    private AccountSignIn _signIn = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await MailHub.Testing.TestDatabase.CreateAsync("doors"));
        await new MigrationRunner(_dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync([("core", CoreSchema.Migrations)]);
        var audit = new AuditLog(_dataSource, new HttpContextAccessor(), NullLogger<AuditLog>.Instance);
        _accounts = new AccountStore(_dataSource, audit, NullLogger<AccountStore>.Instance);
        _sessions = new AccountSessions(_dataSource);
        _signIn = new AccountSignIn(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private Task<Account> CreateAsync(string email) => _accounts.CreateAsync(email, "Agent", Roles.Agent, "right-password-1");

    private async Task<T> ScalarAsync<T>(string sql, Guid id)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = id });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_generated_first_admin_password_must_be_changed_and_a_configured_one_need_not()
    {
        var generated = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MailHub:Admin:Email"] = "root@example.cn" }).Build();
        await _accounts.EnsureAdminAsync(generated);

        await using var command = _dataSource.CreateCommand("SELECT must_change_password FROM core.accounts WHERE email = 'root@example.cn'");
        Assert.True((bool)(await command.ExecuteScalarAsync())!);

        var configured = await _accounts.CreateAsync("second@example.cn", "Admin", Roles.Admin, "configured-password");
        Assert.False(await ScalarAsync<bool>("SELECT must_change_password FROM core.accounts WHERE id = $1", configured.Id));
    }

    [Fact]
    public async Task Failures_in_a_row_lock_the_account_until_a_time_even_for_the_right_password()
    {
        var account = await CreateAsync("locked@example.cn");

        Assert.IsType<SignInAttempt.Refused>(await _signIn.AttemptAsync(account.Email, "wrong-1", ThreeStrikes, default));
        Assert.IsType<SignInAttempt.Refused>(await _signIn.AttemptAsync(account.Email, "wrong-2", ThreeStrikes, default));
        var third = Assert.IsType<SignInAttempt.Locked>(await _signIn.AttemptAsync(account.Email, "wrong-3", ThreeStrikes, default));
        Assert.InRange(third.Remaining, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.InRange(third.Until, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));

        var right = Assert.IsType<SignInAttempt.Locked>(await _signIn.AttemptAsync(account.Email, "right-password-1", ThreeStrikes, default));
        Assert.Equal(third.Until, right.Until);
    }

    [Fact]
    public async Task A_success_clears_the_count_so_only_failures_in_a_row_lock()
    {
        var account = await CreateAsync("careless@example.cn");
        for (var round = 0; round < 3; round++)
        {
            Assert.IsType<SignInAttempt.Refused>(await _signIn.AttemptAsync(account.Email, "typo", ThreeStrikes, default));
            Assert.IsType<SignInAttempt.Refused>(await _signIn.AttemptAsync(account.Email, "typo", ThreeStrikes, default));
            Assert.IsType<SignInAttempt.Succeeded>(await _signIn.AttemptAsync(account.Email, "right-password-1", ThreeStrikes, default));
        }
    }

    [Fact]
    public async Task An_admin_reset_unlocks_forces_a_change_and_ends_every_session()
    {
        var account = await CreateAsync("reset@example.cn");
        var session = await _sessions.StartAsync(account.Id, AccountSessions.Bearer, "127.0.0.1", default);
        for (var i = 0; i < 3; i++)
            await _signIn.AttemptAsync(account.Email, "wrong", ThreeStrikes, default);

        Assert.True(await _accounts.SetPasswordAsync(account.Id, "reset-password-1"));

        Assert.Null(await _sessions.FindAsync(session, account.Id, default));
        var signedIn = Assert.IsType<SignInAttempt.Succeeded>(await _signIn.AttemptAsync(account.Email, "reset-password-1", ThreeStrikes, default));
        Assert.True(signedIn.MustChangePassword);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM core.audit WHERE action = 'ResetPassword' AND target_id = $1::text", account.Id));
    }

    [Fact]
    public async Task Changing_the_own_password_keeps_this_session_ends_the_others_and_clears_the_forced_change()
    {
        var account = await CreateAsync("change@example.cn");
        await _accounts.SetPasswordAsync(account.Id, "temporary-1");
        var mine = await _sessions.StartAsync(account.Id, AccountSessions.Cookie, null, default);
        var other = await _sessions.StartAsync(account.Id, AccountSessions.Bearer, null, default);
        Assert.True((await _sessions.FindAsync(mine, account.Id, default))!.MustChangePassword);
        var passwords = new AccountPasswords(_dataSource, _sessions);

        Assert.Equal(PasswordChangeResult.WrongCurrentPassword, await passwords.ChangeAsync(account.Id, "not-it", "brand-new-pass", mine, default));
        Assert.Equal(PasswordChangeResult.SameAsCurrent, await passwords.ChangeAsync(account.Id, "temporary-1", "temporary-1", mine, default));
        Assert.Equal(PasswordChangeResult.Changed, await passwords.ChangeAsync(account.Id, "temporary-1", "brand-new-pass", mine, default));

        Assert.False((await _sessions.FindAsync(mine, account.Id, default))!.MustChangePassword);
        Assert.Null(await _sessions.FindAsync(other, account.Id, default));
        Assert.IsType<SignInAttempt.Refused>(await _signIn.AttemptAsync(account.Email, "temporary-1", ThreeStrikes, default));
        Assert.IsType<SignInAttempt.Succeeded>(await _signIn.AttemptAsync(account.Email, "brand-new-pass", ThreeStrikes, default));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_and_refuses_its_password()
    {
        var account = await CreateAsync("leaver@example.cn");
        var session = await _sessions.StartAsync(account.Id, AccountSessions.Cookie, null, default);

        Assert.True(await _accounts.SetDisabledAsync(account.Id, true));

        Assert.Null(await _sessions.FindAsync(session, account.Id, default));
        Assert.IsType<SignInAttempt.Refused>(await _signIn.AttemptAsync(account.Email, "right-password-1", ThreeStrikes, default));
        Assert.True(await _accounts.SetDisabledAsync(account.Id, false));
        Assert.IsType<SignInAttempt.Succeeded>(await _signIn.AttemptAsync(account.Email, "right-password-1", ThreeStrikes, default));
    }

    [Fact]
    public async Task A_session_belongs_to_its_account_and_ends_alone()
    {
        var first = await CreateAsync("first@example.cn");
        var second = await CreateAsync("second.agent@example.cn");
        var a = await _sessions.StartAsync(first.Id, AccountSessions.Bearer, null, default);
        var b = await _sessions.StartAsync(first.Id, AccountSessions.Bearer, null, default);

        Assert.Null(await _sessions.FindAsync(a, second.Id, default)); // a token claiming another account's session
        await _sessions.EndAsync(a, default);

        Assert.Null(await _sessions.FindAsync(a, first.Id, default));
        Assert.NotNull(await _sessions.FindAsync(b, first.Id, default));
    }
}
