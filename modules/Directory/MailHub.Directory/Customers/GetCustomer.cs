using FastEndpoints;
using MailHub.Core.Http;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Customers;

internal sealed record GetCustomerRequest([property: RouteParam] Guid Id);

/// <summary>GET /api/directory/customers/{id}.</summary>
internal sealed class GetCustomer(CustomerStore store, IConversationAccess access) : Endpoint<GetCustomerRequest, CustomerDetails>
{
    public override void Configure()
    {
        Get("/directory/customers/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A customer with its contacts and conversations.";
            s.Description = "The id of a customer merged into another answers with the survivor (its own id in id). 404 when there "
                + "is no such customer.";
        });
    }

    public override async Task HandleAsync(GetCustomerRequest request, CancellationToken cancellationToken)
    {
        var customer = await store.FindAsync(request.Id, cancellationToken);
        if (customer is null)
        {
            await Send.ResultAsync(Problems.NotFound("customer", request.Id));
            return;
        }
        var conversations = await store.ConversationsOfAsync(customer.Id, cancellationToken);
        var visible = await access.VisibleAsync(User, conversations.Select(c => c.ConversationId), cancellationToken); // only the caller's teams'
        conversations = conversations.Where(c => visible.Contains(c.ConversationId)).ToList();
        await Send.OkAsync(CustomerDetails.Of(customer, conversations), cancellationToken);
    }
}
