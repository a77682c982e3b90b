using FastEndpoints;
using FluentValidation;

namespace MailHub.Channels.Mailboxes;

/// <summary>
/// The shape of a mailbox request (lengths, the port's range), shown in the OpenAPI schema. What depends on the protocol,
/// the provider preset or the stored mailbox (required servers, passwords, the enums with their explanations) is
/// <see cref="MailboxForm"/>'s, which answers all of its errors at once.
/// </summary>
internal sealed class MailboxRequestValidator : Validator<MailboxRequest>
{
    public MailboxRequestValidator()
    {
        RuleFor(r => r.Name).MaximumLength(200).WithMessage("The name is at most 200 characters.");
        // RFC 5321 §4.5.3.1.3: a path is at most 256 octets with its angle brackets, so an address at most 254 characters.
        RuleFor(r => r.Address).MaximumLength(254).WithMessage("An e-mail address is at most 254 characters (RFC 5321).");
        RuleFor(r => r.DisplayName).MaximumLength(200).WithMessage("The display name is at most 200 characters.");
        RuleFor(r => r.Inbound!).SetValidator(new ServerRequestValidator());
        RuleFor(r => r.Outbound!).SetValidator(new ServerRequestValidator());
    }
}

/// <summary>The shape of one server's settings (inbound or outbound: the error's key says which).</summary>
internal sealed class ServerRequestValidator : Validator<ServerRequest>
{
    public ServerRequestValidator()
    {
        // RFC 1035 §2.3.4: a domain name is at most 253 characters written out.
        RuleFor(s => s.Host).MaximumLength(253).WithMessage("A host name is at most 253 characters.");
        RuleFor(s => s.Port).InclusiveBetween(1, 65535)
            .WithMessage("The port is between 1 and 65535 (e.g. 993 for IMAP over SSL, 995 for POP3 over SSL, 465 for SMTP over SSL, 587 with STARTTLS).");
        RuleFor(s => s.Username).MaximumLength(320).WithMessage("The user name is at most 320 characters.");
        // OAuth2 access tokens run to a few kilobytes.
        RuleFor(s => s.Password).MaximumLength(8192).WithMessage("The password is at most 8192 characters.");
    }
}
