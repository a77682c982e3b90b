using FastEndpoints;

namespace MailHub.Conversations.Api.Messages;

/// <summary>The message a request names.</summary>
internal sealed record MessageRequest([property: RouteParam] Guid Id);

/// <summary>One attachment of a message: its index among the message's attachments, from 0.</summary>
internal sealed record MessageAttachmentRequest([property: RouteParam] Guid Id, [property: RouteParam] int Index);
