import { listMembers } from "@ragtime/core";
import { ZMember } from "@ragtime/core/schemas";
import { z } from "zod";
import { authedProcedure } from "../../trpc";

export const listMembersProcedure = authedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/team/members",
      tags: ["team"],
      summary: "Members and pending invitations of the workspace",
      protect: true,
    },
  })
  .input(z.void())
  .output(z.array(ZMember))
  .query(({ ctx }) => listMembers(ctx.deps, { actor: ctx.actor }));
