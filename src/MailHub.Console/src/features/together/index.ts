// Working together: who else is on a conversation, and the agent's own presence. For other features to mount:
//   <ViewingBadge conversationId={id} compact />     a row of the list
//   <ViewingBadge conversationId={id} announce />    the open conversation (also tells the others this console views it)
//   replyingSignal(id)                               the composer: call the function it returns as the agent types
export { PresenceSwitch } from "./PresenceSwitch";
export { ViewingBadge, type ViewingBadgeProps } from "./ViewingBadge";
export { replyingSignal, useAnnounceViewing, useViewers, type Viewer } from "./activity";
