// What other features use: the composer the thread view mounts under a conversation.
export { Composer, type ComposerConversation } from "./Composer";
