using FastEndpoints;
using FluentValidation;
using MailHub.Channels.Mailboxes;
using MailHub.Mail.Smtp.Submission;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox.Release;

/// <summary>One SMTP server captured mail may be released to (<c>MailHub:Sandbox:Release:N</c>): only these, never one a request names.</summary>
internal sealed class ReleaseServer
{
    public string Name { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    /// <summary>none, starttls or ssl.</summary>
    public string Security { get; set; } = "starttls";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool AcceptInvalidCertificate { get; set; }
}

/// <summary>The allowlist: <c>MailHub:Sandbox:Release</c>, a list of <see cref="ReleaseServer"/>.</summary>
internal sealed class ReleaseOptions
{
    public const string Section = "MailHub:Sandbox:Release";

    public List<ReleaseServer> Servers { get; } = [];
}

/// <summary>Which allowlisted server, and to whom (the captured envelope's recipients when left out).</summary>
internal sealed record ReleaseRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    public string Server { get; init; } = "";

    public IReadOnlyList<string>? To { get; init; }
}

/// <summary>What the server answered each recipient.</summary>
internal sealed record ReleaseResponse(string Server, IReadOnlyList<ReleaseRecipient> Recipients);

internal sealed record ReleaseRecipient(string Address, int Code, string Text, bool Accepted);

internal sealed class ReleaseRequestValidator : Validator<ReleaseRequest>
{
    public ReleaseRequestValidator()
    {
        RuleFor(r => r.Server).NotEmpty().WithMessage("server names one of MailHub:Sandbox:Release (GET /api/sandbox/release-servers lists them).");
        RuleFor(r => r.To).Must(t => t is null || t.Count is > 0 and <= 100).WithMessage("to: 1 to 100 addresses, or leave it out for the captured recipients.");
        RuleForEach(r => r.To).Must(a => a is not null && a.Contains('@') && !a.Any(char.IsWhiteSpace)).WithMessage("Each address is local@domain.");
    }
}

/// <summary>GET /api/sandbox/release-servers: the allowlist's names and hosts (no credentials).</summary>
internal sealed class ListReleaseServers(IOptions<ReleaseOptions> options) : EndpointWithoutRequest<IReadOnlyList<ReleaseServerResponse>>
{
    public override void Configure()
    {
        Get("/sandbox/release-servers");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "The SMTP servers captured mail may be released to.";
            s.Description = "The allowlist MailHub:Sandbox:Release:Servers (name, host, port, security), without credentials; a release names one of them.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync([.. options.Value.Servers.Select(s => new ReleaseServerResponse(s.Name, s.Host, s.Port, s.Security))], cancellationToken);
}

internal sealed record ReleaseServerResponse(string Name, string Host, int Port, string Security);

/// <summary>POST /api/sandbox/messages/{id}/release.</summary>
internal sealed class ReleaseSandboxMessage(SandboxStore store, IOptions<ReleaseOptions> options) : Endpoint<ReleaseRequest, ReleaseResponse>
{
    public override void Configure()
    {
        Post("/sandbox/messages/{id:guid}/release");
        Roles(Role.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway));
        Summary(s =>
        {
            s.Summary = "Send a captured message for real, through an allowlisted SMTP server.";
            s.Description = "The stored bytes as captured (headers, Message-ID) go to server (a name of MailHub:Sandbox:Release, never a host the "
                + "request gives), to the captured recipients or to. Answers what the server said to each recipient; 404 for an unknown message or "
                + "server; 502 with what to fix when the server could not be reached or refused the login.";
        });
    }

    public override async Task HandleAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        if (options.Value.Servers.FirstOrDefault(s => string.Equals(s.Name, request.Server, StringComparison.OrdinalIgnoreCase)) is not { } server)
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such release server",
                detail: $"'{request.Server}' is not in MailHub:Sandbox:Release; GET /api/sandbox/release-servers lists the allowed ones."));
            return;
        }
        if (await store.FindAsync(request.Id, cancellationToken) is not { } found)
        {
            await Send.ResultAsync(SandboxProblems.NotFound(request.Id));
            return;
        }
        var settings = new ServerSettings(server.Host, server.Port, server.Security.ToLowerInvariant(), server.Username ?? "", server.AcceptInvalidCertificate);
        var credentials = string.IsNullOrEmpty(server.Username) ? null : new SubmissionCredentials(server.Username, server.Password ?? "");
        var recipients = request.To ?? found.Item.RcptTo;
        IReadOnlyList<RecipientReply> replies = [];
        try
        {
            await SmtpSubmission.SendAsync(settings.ToEndpoint(TimeSpan.FromMinutes(1)), credentials,
                new SubmissionRequest(found.Item.MailFrom, recipients, found.Content), (answered, _) =>
                {
                    replies = answered;
                    return Task.CompletedTask;
                }, cancellationToken);
        }
        catch (SubmissionException e)
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The release server did not take the message", detail: e.Message));
            return;
        }
        await Send.OkAsync(new ReleaseResponse(server.Name, [.. replies.Select(r => new ReleaseRecipient(r.Address, r.Code, r.Text, r.Accepted))]), cancellationToken);
    }
}
