using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox.Webhooks;

/// <summary>A new webhook: where to POST, the HMAC secret (kept encrypted, never answered), and which events.</summary>
internal sealed record WebhookRequest(string Url, string Secret, IReadOnlyList<string> Events);

internal sealed class WebhookRequestValidator : Validator<WebhookRequest>
{
    public WebhookRequestValidator()
    {
        RuleFor(r => r.Url).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .WithMessage("url is the absolute http:// or https:// address the deliveries are POSTed to.");
        RuleFor(r => r.Secret).NotEmpty().Length(16, 500).WithMessage("secret is 16 to 500 characters: the receiver checks X-MailHub-Signature with it.");
        RuleFor(r => r.Events).NotEmpty().WithMessage("events: [\"captured\"], [\"received\"] or both.");
        RuleForEach(r => r.Events).Must(e => SandboxWebhooks.Events.Contains(e?.ToLowerInvariant()))
            .WithMessage("An event is \"captured\" (what MailHub sends, captured) or \"received\" (mail into a sandbox mailbox).");
    }
}

internal sealed record WebhookIdRequest
{
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>POST /api/sandbox/webhooks.</summary>
internal sealed class CreateSandboxWebhook(SandboxWebhooks webhooks) : Endpoint<WebhookRequest, WebhookResponse>
{
    public override void Configure()
    {
        Post("/sandbox/webhooks");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<WebhookResponse>(StatusCodes.Status201Created, "application/json"));
        Summary(s =>
        {
            s.Summary = "Register a webhook for captured and/or received sandbox mail.";
            s.Description = "Each event is POSTed as JSON (event, id, at, mailboxId, mailFrom, rcptTo, from, to, subject, messageId, size, raw: where "
                + "the raw source is) with X-MailHub-Timestamp (Unix seconds) and X-MailHub-Signature: sha256=<hex HMAC-SHA256 of timestamp + \".\" + "
                + "body, keyed with secret>; X-MailHub-Event and X-MailHub-Delivery name it. Anything but 2xx is retried with backoff; a webhook "
                + "failing MailHub:Sandbox:WebhookDisableAfter attempts in a row is disabled with the reason. 201.";
        });
    }

    public override async Task HandleAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var created = await webhooks.CreateAsync(request.Url, request.Secret, request.Events, cancellationToken);
        HttpContext.Response.Headers.Location = $"/api/sandbox/webhooks/{created.Id}";
        await Send.ResponseAsync(created, StatusCodes.Status201Created, cancellationToken);
    }
}

/// <summary>GET /api/sandbox/webhooks.</summary>
internal sealed class ListSandboxWebhooks(SandboxWebhooks webhooks) : EndpointWithoutRequest<IReadOnlyList<WebhookResponse>>
{
    public override void Configure()
    {
        Get("/sandbox/webhooks");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "The sandbox's webhooks, each with its delivery log.";
            s.Description = "Each webhook (never its secret) with its last 50 deliveries, newest first: event, state (pending, delivered, failed), "
                + "attempts, the last HTTP status and error, when the next attempt is due; enabled, and why it was disabled.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await webhooks.ListAsync(null, cancellationToken), cancellationToken);
}

/// <summary>DELETE /api/sandbox/webhooks/{id}.</summary>
internal sealed class DeleteSandboxWebhook(SandboxWebhooks webhooks) : Endpoint<WebhookIdRequest>
{
    public override void Configure()
    {
        Delete("/sandbox/webhooks/{id:guid}");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Remove a webhook.";
            s.Description = "The webhook and its delivery log go; pending deliveries are not sent. 204; 404 when there is none with that id.";
        });
    }

    public override async Task HandleAsync(WebhookIdRequest request, CancellationToken cancellationToken)
    {
        if (await webhooks.DeleteAsync(request.Id, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(NotFound(request.Id));
    }

    internal static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such webhook",
        detail: $"There is no webhook {id}; list them with GET /api/sandbox/webhooks.");
}

/// <summary>POST /api/sandbox/webhooks/{id}/enable.</summary>
internal sealed class EnableSandboxWebhook(SandboxWebhooks webhooks) : Endpoint<WebhookIdRequest>
{
    public override void Configure()
    {
        Post("/sandbox/webhooks/{id:guid}/enable");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Turn a webhook back on.";
            s.Description = "For a webhook disabled after its failures: its count of failures in a row starts again and its pending deliveries "
                + "resume. 204; 404 when there is none with that id.";
        });
    }

    public override async Task HandleAsync(WebhookIdRequest request, CancellationToken cancellationToken)
    {
        if (await webhooks.EnableAsync(request.Id, cancellationToken))
        {
            webhooks.Wake();
            await Send.NoContentAsync(cancellationToken);
        }
        else
        {
            await Send.ResultAsync(DeleteSandboxWebhook.NotFound(request.Id));
        }
    }
}
