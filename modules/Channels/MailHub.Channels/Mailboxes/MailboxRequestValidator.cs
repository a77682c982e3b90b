using FastEndpoints;
using FluentValidation;

namespace MailHub.Channels.Mailboxes;

/// <summary>
/// The shape of a mailbox request (lengths, port range), shown in the OpenAPI schema. What depends on the protocol,
/// the provider preset or the stored mailbox (required servers, passwords, enums with their explanations) is
/// <see cref="MailboxForm"/>'s, which answers all of its errors at once.
/// </summary>
internal sealed class MailboxRequestValidator : Validator<MailboxRequest>
{
    public MailboxRequestValidator() => MailboxRequestRules.Apply(this);
}

internal sealed class UpdateMailboxRequestValidator : Validator<UpdateMailboxRequest>
{
    public UpdateMailboxRequestValidator() => MailboxRequestRules.Apply(this);
}

internal static class MailboxRequestRules
{
    public static void Apply<T>(AbstractValidator<T> rules) where T : MailboxRequest
    {
        rules.RuleFor(r => r.Name).MaximumLength(200).WithMessage("The name is at most 200 characters.");
        // RFC 5321 §4.5.3.1: a path is at most 256 octets, so an address is at most 254 characters.
        rules.RuleFor(r => r.Address).MaximumLength(254).WithMessage("An e-mail address is at most 254 characters (RFC 5321).");
        rules.RuleFor(r => r.DisplayName).MaximumLength(200).WithMessage("The display name is at most 200 characters.");
        rules.RuleFor(r => r.Inbound!).SetValidator(new ServerRequestValidator("inbound", "993 for IMAP over SSL, 995 for POP3 over SSL"));
        rules.RuleFor(r => r.Outbound!).SetValidator(new ServerRequestValidator("outbound", "465 for SMTP over SSL, 587 with STARTTLS"));
    }
}

/// <summary>The shape of one server's settings; <paramref name="field"/> names it in the messages ("inbound.port").</summary>
internal sealed class ServerRequestValidator : AbstractValidator<ServerRequest>
{
    public ServerRequestValidator(string field, string portExamples)
    {
        // RFC 1035 §2.3.4: a domain name is at most 253 characters written out.
        RuleFor(s => s.Host).MaximumLength(253).WithMessage($"{field}.host is a host name of at most 253 characters.");
        RuleFor(s => s.Port).InclusiveBetween(1, 65535).WithMessage($"{field}.port is between 1 and 65535 (e.g. {portExamples}).");
        RuleFor(s => s.Username).MaximumLength(320).WithMessage($"{field}.username is at most 320 characters.");
        // OAuth2 access tokens run to a few kilobytes.
        RuleFor(s => s.Password).MaximumLength(8192).WithMessage($"{field}.password is at most 8192 characters.");
    }
}
