/**
 * User-facing messages in every supported language. Browser-safe (no Node imports): the web app
 * shows the same texts. `{name}` placeholders are filled by `translate`.
 */
export const LANGUAGES = ["en", "fr", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalog = Record<string, Record<Language, string>>;

export const MESSAGES = {
  "error.notFound": {
    en: "{entity} not found.",
    fr: "{entity} introuvable.",
    zh: "未找到{entity}。",
  },
  "error.unauthorized": {
    en: "You need to sign in (or send a valid API key) to do this.",
    fr: "Vous devez vous connecter (ou envoyer une clé d'API valide) pour faire cela.",
    zh: "请先登录（或提供有效的 API 密钥）。",
  },
  "error.forbidden": {
    en: "You are not allowed to do this.",
    fr: "Vous n'avez pas le droit de faire cela.",
    zh: "您无权执行此操作。",
  },
  "error.forbiddenRole": {
    en: "Only an owner or an admin of this workspace can do this.",
    fr: "Seul un propriétaire ou un administrateur de cet espace peut faire cela.",
    zh: "只有此工作区的所有者或管理员可以执行此操作。",
  },
  "error.internal": {
    en: "Something went wrong on our side. Please try again; if it persists, contact your administrator.",
    fr: "Une erreur est survenue de notre côté. Réessayez ; si elle persiste, contactez votre administrateur.",
    zh: "服务器内部出错。请重试；如果问题持续，请联系管理员。",
  },
  "error.rateLimited": {
    en: "Too many attempts. Try again in {seconds} s.",
    fr: "Trop de tentatives. Réessayez dans {seconds} s.",
    zh: "尝试次数过多，请在 {seconds} 秒后重试。",
  },
  "error.badRequest": {
    en: "The request is not valid.",
    fr: "La requête n'est pas valide.",
    zh: "请求无效。",
  },
  "error.invalidField": {
    en: "Invalid value for “{field}”: {reason}",
    fr: "Valeur invalide pour « {field} » : {reason}",
    zh: "“{field}”的值无效：{reason}",
  },
  "error.invalidCredentials": {
    en: "Wrong e-mail or password.",
    fr: "E-mail ou mot de passe incorrect.",
    zh: "邮箱或密码错误。",
  },
  "error.accountDisabled": {
    en: "This account is disabled.",
    fr: "Ce compte est désactivé.",
    zh: "此账户已被停用。",
  },
  "error.emailTaken": {
    en: "An account with this e-mail already exists.",
    fr: "Un compte existe déjà avec cet e-mail.",
    zh: "该邮箱已注册。",
  },
  "error.registrationDisabled": {
    en: "Registration is disabled on this server.",
    fr: "Les inscriptions sont désactivées sur ce serveur.",
    zh: "此服务器已关闭注册。",
  },
  "error.wrongPassword": {
    en: "The current password is wrong.",
    fr: "Le mot de passe actuel est incorrect.",
    zh: "当前密码错误。",
  },
  "error.resetTokenInvalid": {
    en: "This password reset link is invalid or has expired.",
    fr: "Ce lien de réinitialisation est invalide ou a expiré.",
    zh: "此密码重置链接无效或已过期。",
  },
  "error.noSuchInvitee": {
    en: "No account uses this e-mail; ask them to sign up first.",
    fr: "Aucun compte n'utilise cet e-mail ; demandez-lui d'abord de s'inscrire.",
    zh: "没有使用该邮箱的账户，请先让对方注册。",
  },
  "error.alreadyMember": {
    en: "This person is already a member or invited.",
    fr: "Cette personne est déjà membre ou invitée.",
    zh: "此人已是成员或已被邀请。",
  },
  "error.ownerImmutable": {
    en: "The owner of a workspace cannot be removed or change role.",
    fr: "Le propriétaire d'un espace ne peut être ni retiré ni changer de rôle.",
    zh: "工作区所有者不能被移除或更改角色。",
  },
  "error.notInvited": {
    en: "There is no pending invitation to this workspace.",
    fr: "Aucune invitation en attente pour cet espace.",
    zh: "没有加入此工作区的待处理邀请。",
  },
  "error.tooLarge": {
    en: "The request is too large.",
    fr: "La requête est trop volumineuse.",
    zh: "请求过大。",
  },
  "error.unsupportedMedia": {
    en: "Unsupported file type: {type}.",
    fr: "Type de fichier non pris en charge : {type}.",
    zh: "不支持的文件类型：{type}。",
  },
  "error.conflict": {
    en: "This conflicts with the current state.",
    fr: "Cela entre en conflit avec l'état actuel.",
    zh: "与当前状态冲突。",
  },
  "error.kbNameTaken": {
    en: "A knowledge base with this name already exists in this workspace.",
    fr: "Une base de connaissances porte déjà ce nom dans cet espace.",
    zh: "此工作区中已存在同名知识库。",
  },
  "error.embeddingModelLocked": {
    en: "The embedding model cannot change while the knowledge base has chunks; delete or re-parse its documents first.",
    fr: "Le modèle d'embedding ne peut pas changer tant que la base contient des fragments ; supprimez ou réanalysez d'abord ses documents.",
    zh: "知识库中已有分块时不能更换嵌入模型；请先删除或重新解析其文档。",
  },
  "error.retrievalModelsDiffer": {
    en: "These knowledge bases use different embedding models ({models}): search them separately, or choose knowledge bases that share one model.",
    fr: "Ces bases de connaissances utilisent des modèles d'embedding différents ({models}) : interrogez-les séparément, ou choisissez des bases qui partagent un modèle.",
    zh: "这些知识库使用不同的嵌入模型（{models}）：请分别检索，或选择使用同一模型的知识库。",
  },
  "error.badFilename": {
    en: "“{name}” is not an acceptable file name (no folders, “..”, or control characters; ≤ 255 characters).",
    fr: "« {name} » n'est pas un nom de fichier acceptable (ni dossier, ni « .. », ni caractère de contrôle ; ≤ 255 caractères).",
    zh: "“{name}”不是可接受的文件名（不能包含文件夹、“..”或控制字符；不超过 255 个字符）。",
  },
  "error.emptyFile": {
    en: "“{name}” is empty.",
    fr: "« {name} » est vide.",
    zh: "“{name}”是空文件。",
  },
  "error.fileTooLarge": {
    en: "“{name}” is larger than the limit of {max} MiB.",
    fr: "« {name} » dépasse la limite de {max} Mio.",
    zh: "“{name}”超过了 {max} MiB 的大小限制。",
  },
  "error.fileRejected": {
    en: "“{name}” was refused: {reason}",
    fr: "« {name} » a été refusé : {reason}",
    zh: "“{name}”被拒绝：{reason}",
  },
  "error.saveAsOtherFormat": {
    en: "“{name}” is in {format} format, which cannot be read here. Save it as .{saveAs} (File › Save As in Office or LibreOffice) and upload it again.",
    fr: "« {name} » est au format {format}, qui ne peut pas être lu ici. Enregistrez-le au format .{saveAs} (Fichier › Enregistrer sous dans Office ou LibreOffice) puis envoyez-le de nouveau.",
    zh: "“{name}”是 {format} 格式，此处无法读取。请将其另存为 .{saveAs} 格式（在 Office 或 LibreOffice 中选择“文件 › 另存为”）后重新上传。",
  },
  "error.noFiles": {
    en: "The upload contains no file.",
    fr: "L'envoi ne contient aucun fichier.",
    zh: "上传内容中没有文件。",
  },
  "error.tooManyFiles": {
    en: "Too many files in one upload (at most {max}).",
    fr: "Trop de fichiers dans un seul envoi (au plus {max}).",
    zh: "单次上传的文件过多（最多 {max} 个）。",
  },
  "error.renameExtension": {
    en: "A rename must keep the extension “.{suffix}”.",
    fr: "Un renommage doit conserver l'extension « .{suffix} ».",
    zh: "重命名必须保留扩展名“.{suffix}”。",
  },
  "error.documentNameTaken": {
    en: "A document with this name already exists in this knowledge base.",
    fr: "Un document porte déjà ce nom dans cette base.",
    zh: "此知识库中已存在同名文档。",
  },
  "error.chatKnowledgePlaceholder": {
    en: "The system prompt must contain {knowledge} (where the retrieved passages go) when the chat has knowledge bases.",
    fr: "Le prompt système doit contenir {knowledge} (où vont les passages retrouvés) quand le chat a des bases de connaissances.",
    zh: "聊天关联了知识库时，系统提示词必须包含 {knowledge}（检索到的段落放在此处）。",
  },
  "error.kbNotParsed": {
    en: "The knowledge base “{name}” has no parsed documents yet: parse some before using it in a chat.",
    fr: "La base de connaissances « {name} » n'a encore aucun document analysé : analysez-en avant de l'utiliser dans un chat.",
    zh: "知识库“{name}”还没有已解析的文档：请先解析文档再在聊天中使用。",
  },
  "error.kbEmbeddingMismatch": {
    en: "The knowledge bases of a chat must share one embedding model: “{first}” uses {firstModel}, “{second}” uses {secondModel}.",
    fr: "Les bases de connaissances d'un chat doivent partager un même modèle d'embedding : « {first} » utilise {firstModel}, « {second} » utilise {secondModel}.",
    zh: "聊天的知识库必须使用同一个嵌入模型：“{first}”使用 {firstModel}，“{second}”使用 {secondModel}。",
  },
  "error.chatKbUnreadable": {
    en: "This chat answers from a knowledge base you cannot read; ask its owner to share it with the team.",
    fr: "Ce chat répond à partir d'une base de connaissances que vous ne pouvez pas lire ; demandez à son propriétaire de la partager avec l'équipe.",
    zh: "此聊天使用了您无权读取的知识库；请让其所有者与团队共享。",
  },
  "error.missingVariable": {
    en: "The prompt variable “{key}” needs a value.",
    fr: "La variable de prompt « {key} » doit avoir une valeur.",
    zh: "提示词变量“{key}”需要一个值。",
  },
  "error.unknownVariable": {
    en: "“{key}” is not a variable of this chat's prompt.",
    fr: "« {key} » n'est pas une variable du prompt de ce chat.",
    zh: "“{key}”不是此聊天提示词的变量。",
  },
  "error.feedbackOnQuestion": {
    en: "Feedback is given on the assistant's answers, not on questions.",
    fr: "Un avis porte sur les réponses de l'assistant, pas sur les questions.",
    zh: "只能对助手的回答给出反馈，不能对问题反馈。",
  },
  "error.openaiMessages": {
    en: "“messages” must end with a user message.",
    fr: "« messages » doit se terminer par un message de l'utilisateur.",
    zh: "“messages”必须以用户消息结尾。",
  },
  "chat.newConversation": { en: "New conversation", fr: "Nouvelle conversation", zh: "新对话" },
  "chat.extractiveIntro": {
    en: "No chat model is configured, so this is an extractive answer: the most relevant passages from the knowledge base, quoted as they are.",
    fr: "Aucun modèle de chat n'est configuré : voici une réponse extractive, les passages les plus pertinents de la base de connaissances, cités tels quels.",
    zh: "未配置聊天模型，以下为抽取式回答：知识库中最相关的段落，原文引用。",
  },
  "chat.extractiveNothing": {
    en: "No chat model is configured, and no passage of the knowledge base matches this question.",
    fr: "Aucun modèle de chat n'est configuré, et aucun passage de la base de connaissances ne correspond à cette question.",
    zh: "未配置聊天模型，且知识库中没有与此问题相关的段落。",
  },
  "entity.chat": { en: "Chat", fr: "Chat", zh: "聊天助手" },
  "entity.conversation": { en: "Conversation", fr: "Conversation", zh: "对话" },
  "entity.message": { en: "Message", fr: "Message", zh: "消息" },
  "error.modelProviderFailed": {
    en: "{provider} failed: {reason}",
    fr: "{provider} a échoué : {reason}",
    zh: "{provider} 调用失败：{reason}",
  },
  "error.modelProviderAuth": {
    en: "{provider} refused the API key ({reason}). Check the key in the workspace's model settings.",
    fr: "{provider} a refusé la clé d'API ({reason}). Vérifiez la clé dans les réglages des modèles de l'espace.",
    zh: "{provider} 拒绝了 API 密钥（{reason}）。请在工作区的模型设置中检查密钥。",
  },
  "error.modelProviderRejected": {
    en: "{provider} refused the request: {reason}",
    fr: "{provider} a refusé la requête : {reason}",
    zh: "{provider} 拒绝了请求：{reason}",
  },
  "error.unknownModel": {
    en: "Unknown model “{model}”: add it to a model provider of this workspace first.",
    fr: "Modèle inconnu « {model} » : ajoutez-le d'abord à un fournisseur de modèles de cet espace.",
    zh: "未知模型“{model}”：请先将其添加到此工作区的模型提供方。",
  },
  "error.modelWrongType": {
    en: "“{model}” is not a {type} model.",
    fr: "« {model} » n'est pas un modèle de type {type}.",
    zh: "“{model}”不是 {type} 类型的模型。",
  },
  "error.noRerankModel": {
    en: "No rerank model is configured for this workspace.",
    fr: "Aucun modèle de reclassement n'est configuré pour cet espace.",
    zh: "此工作区未配置重排序模型。",
  },
  "error.providerNameTaken": {
    en: "A model provider named “{name}” already exists in this workspace.",
    fr: "Un fournisseur de modèles nommé « {name} » existe déjà dans cet espace.",
    zh: "此工作区中已存在名为“{name}”的模型提供方。",
  },
  "error.providerNeedsApiKey": {
    en: "{provider} needs an API key.",
    fr: "{provider} nécessite une clé d'API.",
    zh: "{provider} 需要 API 密钥。",
  },
  "error.providerNeedsBaseUrl": {
    en: "{provider} needs a base URL (e.g. http://localhost:8000/v1).",
    fr: "{provider} nécessite une URL de base (par ex. http://localhost:8000/v1).",
    zh: "{provider} 需要基础 URL（例如 http://localhost:8000/v1）。",
  },
  "error.providerNoApiKey": {
    en: "{provider} takes no API key.",
    fr: "{provider} ne prend pas de clé d'API.",
    zh: "{provider} 不需要 API 密钥。",
  },
  "error.modelTypeUnsupported": {
    en: "{provider} does not serve {type} models here.",
    fr: "{provider} ne fournit pas de modèles de type {type} ici.",
    zh: "{provider} 在此不提供 {type} 类型的模型。",
  },
  "error.modelTaken": {
    en: "This provider already has a {type} model named “{name}”.",
    fr: "Ce fournisseur a déjà un modèle {type} nommé « {name} ».",
    zh: "此提供方已有名为“{name}”的 {type} 模型。",
  },
  "error.modelInUse": {
    en: "“{model}” is the embedding model of the knowledge base “{kb}”: change or delete that knowledge base first.",
    fr: "« {model} » est le modèle d'embedding de la base de connaissances « {kb} » : modifiez ou supprimez d'abord cette base.",
    zh: "“{model}”是知识库“{kb}”的嵌入模型：请先修改或删除该知识库。",
  },
  "error.providerKeyForNewHost": {
    en: "The base URL of “{name}” now points at another server: enter the API key again, so a stored key is never sent somewhere it was not meant for.",
    fr: "L'URL de base de « {name} » désigne maintenant un autre serveur : saisissez à nouveau la clé d'API, pour qu'une clé enregistrée ne parte jamais là où elle n'était pas destinée.",
    zh: "“{name}”的基础 URL 现在指向另一台服务器：请重新输入 API 密钥，以免已保存的密钥被发送到非预期的地方。",
  },
  "error.providerKeyUnreadable": {
    en: "The API key of the model provider “{name}” cannot be decrypted (the server's SECRET_KEY changed): enter the key again.",
    fr: "La clé d'API du fournisseur de modèles « {name} » ne peut pas être déchiffrée (la SECRET_KEY du serveur a changé) : saisissez-la à nouveau.",
    zh: "无法解密模型提供方“{name}”的 API 密钥（服务器的 SECRET_KEY 已更改）：请重新输入密钥。",
  },
  "error.providerCannotDiscover": {
    en: "{provider} cannot list its models: add them by name.",
    fr: "{provider} ne peut pas lister ses modèles : ajoutez-les par leur nom.",
    zh: "{provider} 无法列出其模型：请按名称添加。",
  },
  "entity.document": { en: "Document", fr: "Document", zh: "文档" },
  "entity.chunk": { en: "Chunk", fr: "Fragment", zh: "分块" },
  "entity.knowledgeBase": { en: "Knowledge base", fr: "Base de connaissances", zh: "知识库" },
  "entity.user": { en: "User", fr: "Utilisateur", zh: "用户" },
  "entity.tenant": { en: "Workspace", fr: "Espace de travail", zh: "工作区" },
  "entity.member": { en: "Member", fr: "Membre", zh: "成员" },
  "entity.apiKey": { en: "API key", fr: "Clé d'API", zh: "API 密钥" },
  "entity.route": { en: "Route", fr: "Route", zh: "路由" },
  "entity.modelProvider": { en: "Model provider", fr: "Fournisseur de modèles", zh: "模型提供方" },
  "entity.model": { en: "Model", fr: "Modèle", zh: "模型" },
  "validation.required": { en: "required", fr: "obligatoire", zh: "必填" },
  "validation.type": {
    en: "expected {expected}",
    fr: "{expected} attendu",
    zh: "应为 {expected}",
  },
  "validation.tooShort": {
    en: "must be at least {min} characters",
    fr: "doit contenir au moins {min} caractères",
    zh: "至少 {min} 个字符",
  },
  "validation.tooLong": {
    en: "must be at most {max} characters",
    fr: "doit contenir au plus {max} caractères",
    zh: "最多 {max} 个字符",
  },
  "validation.tooSmall": { en: "must be ≥ {min}", fr: "doit être ≥ {min}", zh: "必须 ≥ {min}" },
  "validation.tooBig": { en: "must be ≤ {max}", fr: "doit être ≤ {max}", zh: "必须 ≤ {max}" },
  "validation.format": {
    en: "not a valid {format}",
    fr: "{format} non valide",
    zh: "不是有效的 {format}",
  },
  "validation.enum": {
    en: "must be one of {values}",
    fr: "doit être l'une des valeurs {values}",
    zh: "必须是 {values} 之一",
  },
  "validation.unknownKeys": {
    en: "unknown field(s) {keys}",
    fr: "champ(s) inconnu(s) {keys}",
    zh: "未知字段 {keys}",
  },
  "validation.invalid": { en: "invalid value", fr: "valeur invalide", zh: "无效的值" },
  "validation.tooDeep": {
    en: "is nested too deeply",
    fr: "est imbriqué trop profondément",
    zh: "嵌套层级过深",
  },
  "validation.nulCharacter": {
    en: "must not contain a NUL character (U+0000)",
    fr: "ne doit pas contenir de caractère NUL (U+0000)",
    zh: "不能包含 NUL 字符（U+0000）",
  },
} satisfies Catalog;

export type MessageKey = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Picks the first supported language from an Accept-Language header (`fr-CA,fr;q=0.9,en;q=0.5`). */
export function languageFromHeader(header: string | undefined | null): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return {
        base: tag.trim().toLowerCase().split("-")[0] ?? "",
        q: q ? Number(q.trim().slice(2)) || 0 : 1,
      };
    })
    // q=0 means "not acceptable" (RFC 9110), not "least preferred".
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((r) => r.base).find(isLanguage);
}

export function translate(key: MessageKey, lang: Language, params: MessageParams = {}): string {
  const template: string = MESSAGES[key][lang] ?? MESSAGES[key].en;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    // Entity names are message keys themselves, translated in place. Own keys only: a value such as
    // "constructor" (an unknown field a client sent) is not a message.
    if (typeof value === "string" && Object.hasOwn(MESSAGES, value))
      return translate(value as MessageKey, lang);
    return String(value);
  });
}
