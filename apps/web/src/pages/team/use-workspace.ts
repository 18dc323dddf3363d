import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

/** The workspace the app acts in, and whether the signed-in user may manage it (owner or admin). */
export function useWorkspace() {
  const trpc = useTRPC();
  const query = useQuery(trpc.tenants.current.queryOptions());
  const role = query.data?.role;
  return { ...query, canManage: role === "owner" || role === "admin" };
}
