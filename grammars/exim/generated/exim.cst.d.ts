import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface BeginLineCstNode extends CstNode {
  name: "beginLine";
  children: BeginLineCstChildren;
}

export type BeginLineCstChildren = {
  Begin: IToken[];
  Name: IToken[];
};

export interface MainLineCstNode extends CstNode {
  name: "mainLine";
  children: MainLineCstChildren;
}

export type MainLineCstChildren = {
  beginLine?: BeginLineCstNode[];
  namedList?: NamedListCstNode[];
  optionSetting?: OptionSettingCstNode[];
};

export interface NamedListCstNode extends CstNode {
  name: "namedList";
  children: NamedListCstChildren;
}

export type NamedListCstChildren = {
  ListKind: IToken[];
  Name: IToken[];
  Equals: IToken[];
  Value?: IToken[];
};

export interface OptionSettingCstNode extends CstNode {
  name: "optionSetting";
  children: OptionSettingCstChildren;
}

export type OptionSettingCstChildren = {
  Hide?: IToken[];
  Name: IToken[];
  Equals?: IToken[];
  Value?: IToken[];
};

export interface AclLineCstNode extends CstNode {
  name: "aclLine";
  children: AclLineCstChildren;
}

export type AclLineCstChildren = {
  beginLine?: BeginLineCstNode[];
  instanceHeader?: InstanceHeaderCstNode[];
  negatedCondition?: NegatedConditionCstNode[];
  aclWords?: AclWordsCstNode[];
};

export interface InstanceHeaderCstNode extends CstNode {
  name: "instanceHeader";
  children: InstanceHeaderCstChildren;
}

export type InstanceHeaderCstChildren = {
  Name: IToken[];
  Colon: IToken[];
};

export interface NegatedConditionCstNode extends CstNode {
  name: "negatedCondition";
  children: NegatedConditionCstChildren;
}

export type NegatedConditionCstChildren = {
  Bang: IToken[];
  Name: (IToken)[];
  assignment?: AssignmentCstNode[];
};

export interface AclWordsCstNode extends CstNode {
  name: "aclWords";
  children: AclWordsCstChildren;
}

export type AclWordsCstChildren = {
  Name: (IToken)[];
  Bang?: IToken[];
  assignment?: AssignmentCstNode[];
};

export interface AssignmentCstNode extends CstNode {
  name: "assignment";
  children: AssignmentCstChildren;
}

export type AssignmentCstChildren = {
  Equals: IToken[];
  Value?: IToken[];
};

export interface DriverLineCstNode extends CstNode {
  name: "driverLine";
  children: DriverLineCstChildren;
}

export type DriverLineCstChildren = {
  beginLine?: BeginLineCstNode[];
  instanceHeader?: InstanceHeaderCstNode[];
  optionSetting?: OptionSettingCstNode[];
};

export interface RuleLineCstNode extends CstNode {
  name: "ruleLine";
  children: RuleLineCstChildren;
}

export type RuleLineCstChildren = {
  beginLine?: BeginLineCstNode[];
  Name?: IToken[];
  Begin?: IToken[];
  Hide?: IToken[];
  ListKind?: IToken[];
  Colon?: IToken[];
  Bang?: IToken[];
  Equals?: IToken[];
  Other?: IToken[];
  Value?: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  beginLine(children: BeginLineCstChildren, param?: IN): OUT;
  mainLine(children: MainLineCstChildren, param?: IN): OUT;
  namedList(children: NamedListCstChildren, param?: IN): OUT;
  optionSetting(children: OptionSettingCstChildren, param?: IN): OUT;
  aclLine(children: AclLineCstChildren, param?: IN): OUT;
  instanceHeader(children: InstanceHeaderCstChildren, param?: IN): OUT;
  negatedCondition(children: NegatedConditionCstChildren, param?: IN): OUT;
  aclWords(children: AclWordsCstChildren, param?: IN): OUT;
  assignment(children: AssignmentCstChildren, param?: IN): OUT;
  driverLine(children: DriverLineCstChildren, param?: IN): OUT;
  ruleLine(children: RuleLineCstChildren, param?: IN): OUT;
}
