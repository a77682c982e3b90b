using FastEndpoints;
using FluentValidation;
using MailHub.Channels.Inbound;

namespace MailHub.Channels.Listing;

internal sealed class MessageListRequestValidator : Validator<MessageListRequest>
{
    public MessageListRequestValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, MessageListRequest.MaxLimit)
            .WithMessage($"limit is between 1 and {MessageListRequest.MaxLimit}; leave it out for {MessageListRequest.DefaultLimit}.");
        RuleFor(r => r.Cursor).Must(c => InboundCursor.TryParse(c, out _))
            .WithMessage("cursor is not one this API gave out: pass the \"next\" of the previous page as it is.");
    }
}
